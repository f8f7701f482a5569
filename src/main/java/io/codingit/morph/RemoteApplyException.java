package io.codingit.morph;

/** Morph's cloud apply failed; the message names the HTTP status or the problem, never the key or the body. */
public final class RemoteApplyException extends RuntimeException {

    private final int upstreamStatus;

    public RemoteApplyException(String message, int upstreamStatus, Throwable cause) {
        super(message, cause);
        this.upstreamStatus = upstreamStatus;
    }

    /** The HTTP status Morph answered with, 0 when no answer arrived. */
    public int upstreamStatus() {
        return upstreamStatus;
    }
}
