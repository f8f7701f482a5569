package io.codingit.morph;

import io.codingit.common.DomainException;

/**
 * A remote apply engine (Morph's cloud, or the LLM that rewrites the whole file) failed; the message names the
 * HTTP status or the problem, never the key or the upstream's body.
 */
public final class RemoteApplyException extends DomainException {

    private final int upstreamStatus;

    /**
     * @param code "morph_error" for Morph's cloud, "llm_apply_error" for the LLM engine
     */
    public RemoteApplyException(String code, String message, int upstreamStatus, Throwable cause) {
        super(Kind.UPSTREAM_FAILED, code, message, cause);
        this.upstreamStatus = upstreamStatus;
    }

    /** The HTTP status the upstream answered with, 0 when no answer arrived. */
    public int upstreamStatus() {
        return upstreamStatus;
    }
}
