package io.codingit.common;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A failure that a caller can act on, raised by a feature in its own words. Each feature throws its own
 * subclasses (a sandbox that is gone, a path outside the workspace, a provider that refused); the web
 * layer alone decides the HTTP status, from {@link #kind()}. Messages are written for the caller: no
 * class names, SQL, host paths or secrets.
 */
public abstract class DomainException extends RuntimeException {
    /** What went wrong, in terms a protocol can map; web maps each kind to one HTTP status. */
    public enum Kind {
        /** The input is malformed or names something that cannot exist. */
        INVALID("bad_request"),
        /** No credential, or a credential that is not accepted. */
        UNAUTHENTICATED("unauthorized"),
        /** The caller is known but may not do this. */
        FORBIDDEN("forbidden"),
        /** No such object for this caller (another user's object is reported the same way). */
        NOT_FOUND("not_found"),
        /** The object exists in a state that conflicts with the request. */
        CONFLICT("conflict"),
        /** The object existed and is gone for good (a killed sandbox). */
        GONE("gone"),
        /** A condition the caller set (If-Match) does not hold. */
        PRECONDITION_FAILED("precondition_failed"),
        /** The input is over a size limit. */
        TOO_LARGE("too_large"),
        /** Well-formed input the feature cannot act on (an edit that cannot be placed). */
        UNPROCESSABLE("unprocessable"),
        /** A budget is spent; {@link #retryAfter()} says when it refills. */
        RATE_LIMITED("rate_limited"),
        /** An upstream service (a model provider, GitHub) failed or answered nonsense. */
        UPSTREAM_FAILED("upstream_failed"),
        /** This server cannot do it now or at all (a missing package, a provider not configured). */
        UNAVAILABLE("unavailable"),
        /** An upstream service did not answer in time. */
        UPSTREAM_TIMEOUT("upstream_timeout");

        private final String defaultCode;

        Kind(String defaultCode) {
            this.defaultCode = defaultCode;
        }

        /** The code of an error of this kind that has no more specific one. */
        public String defaultCode() {
            return defaultCode;
        }
    }

    private final Kind kind;
    private final String code;
    private final Duration retryAfter;

    /** An error whose code is its kind's {@linkplain Kind#defaultCode() default}. */
    protected DomainException(Kind kind, String message) {
        this(kind, kind.defaultCode(), message, null, null);
    }

    protected DomainException(Kind kind, String code, String message) {
        this(kind, code, message, null, null);
    }

    protected DomainException(Kind kind, String code, String message, Throwable cause) {
        this(kind, code, message, null, cause);
    }

    /**
     * @param code       a stable machine-readable code for the error body (e.g. {@code "sandbox_gone"})
     * @param retryAfter how long until a retry can succeed; null when unknown
     */
    protected DomainException(Kind kind, String code, String message, Duration retryAfter, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.code = Objects.requireNonNull(code, "code");
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
