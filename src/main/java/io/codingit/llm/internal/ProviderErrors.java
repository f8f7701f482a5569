package io.codingit.llm.internal;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RateLimitException;
import io.codingit.llm.LlmFailure;

import java.util.Locale;

/**
 * Maps a provider failure as the peer's {@code handleAPIError} does. Only fixed messages leave: the
 * provider's own text is read (for "limit") but never passed on, since it may quote keys or URLs.
 */
final class ProviderErrors {
    static final String RATE_LIMITED = "The provider is currently unavailable due to request limit.";
    static final String OWN_KEY_HINT = " Try using your own API key.";
    static final String OVERLOADED = "The provider is currently unavailable. Please try again later.";
    static final String ACCESS_DENIED = "Access denied. Please make sure your API key is valid.";
    static final String UNEXPECTED = "An unexpected error has occurred. Please try again later.";
    static final String TIMED_OUT = "The provider did not respond in time. Please try again later.";
    static final int OVERLOADED_STATUS = 529;

    private ProviderErrors() {
    }

    static LlmFailure map(Throwable error, boolean callerBroughtKey) {
        int status = statusOf(error);
        String text = messagesOf(error).toLowerCase(Locale.ROOT);
        if (status == 429 || error instanceof RateLimitException || text.contains("limit")) {
            return new LlmFailure(429, RATE_LIMITED + (callerBroughtKey ? "" : OWN_KEY_HINT));
        }
        if (status == 529 || status == 503) {
            return new LlmFailure(OVERLOADED_STATUS, OVERLOADED);
        }
        if (status == 401 || status == 403 || error instanceof AuthenticationException) {
            return new LlmFailure(403, ACCESS_DENIED);
        }
        return new LlmFailure(500, UNEXPECTED);
    }

    static LlmFailure timedOut() {
        return new LlmFailure(504, TIMED_OUT);
    }

    /** A failure after a 200 with an error event in the stream (Anthropic's {@code overloaded_error}) has no HTTP status. */
    private static int statusOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof HttpException http) {
                return http.statusCode();
            }
        }
        String text = messagesOf(error).toLowerCase(Locale.ROOT);
        if (text.contains("overloaded")) {
            return OVERLOADED_STATUS;
        }
        return 0;
    }

    private static String messagesOf(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                all.append(t.getMessage()).append('\n');
            }
        }
        return all.toString();
    }
}
