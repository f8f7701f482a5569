package io.codingit.web;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * One log line for every error answer, written where the error body is built (so once per response):
 * a 5xx at WARN with its cause, a 4xx at DEBUG. The request id is in the logging context
 * ({@link RequestIdFilter}), so the line matches the {@code X-Request-Id} the client saw. Messages are
 * the ones the client gets (no secrets by the API's rules); the cause is named by its type and message.
 */
public final class ErrorLog {
    private static final Logger log = LoggerFactory.getLogger(ErrorLog.class);

    private ErrorLog() {
    }

    public static void answered(int status, String message, Throwable cause) {
        answered(method(), path(), status, message, cause);
    }

    /**
     * The same line for a server outside MVC (the model relay), which names its request itself; the
     * request id must be in the logging context as {@link RequestIdFilter#MDC_KEY}.
     */
    public static void answered(String method, String path, int status, String message, Throwable cause) {
        if (status >= 500) {
            log.warn("{} {} answered {}: {}{}", method, path, status, message, cause == null ? "" : " (cause: " + describe(cause) + ")");
        } else if (status >= 400 && log.isDebugEnabled()) {
            log.debug("{} {} answered {}: {}", method, path, status, message);
        }
    }

    /** The cause chain in one line: each exception's type and message, root last. */
    static String describe(Throwable cause) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (Throwable t = cause; t != null && depth < 5; t = t.getCause(), depth++) {
            if (!out.isEmpty()) {
                out.append(" <- ");
            }
            out.append(t.getClass().getName());
            if (t.getMessage() != null) {
                out.append(": ").append(t.getMessage());
            }
        }
        return out.toString();
    }

    private static String method() {
        HttpServletRequest request = request();
        return request == null ? "" : request.getMethod();
    }

    private static String path() {
        HttpServletRequest request = request();
        return request == null ? "(stream)" : request.getRequestURI();
    }

    private static HttpServletRequest request() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return attributes instanceof ServletRequestAttributes servlet ? servlet.getRequest() : null;
    }
}
