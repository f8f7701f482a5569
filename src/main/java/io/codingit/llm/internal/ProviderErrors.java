package io.codingit.llm.internal;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RateLimitException;
import io.codingit.llm.LlmFailure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Maps a provider failure to what the caller is told, from the provider's own error body (OpenAI's
 * {@code error.code}/{@code error.type}, Anthropic's {@code error.type}, Gemini's {@code error.status}
 * and {@code details}) and its HTTP status, never from loose words: a context-length error worded
 * with "limit" is still the caller's input, not a reason to wait.
 * <ul>
 *   <li>context too long (OpenAI {@code context_length_exceeded}, Anthropic "prompt is too long",
 *       Gemini "input token count … exceeds the maximum"): 400 with the provider's reason, cleaned of
 *       URLs and anything shaped like a key;</li>
 *   <li>quota or credit spent (OpenAI {@code insufficient_quota}, Anthropic "credit balance is too
 *       low", a daily Gemini quota): waiting a moment does not help: 402 on the caller's own key,
 *       503 on the server's (and the caller is told to bring their own);</li>
 *   <li>rate limited (429, a Gemini per-minute {@code RESOURCE_EXHAUSTED}): 429;</li>
 *   <li>overloaded (503, 529, Anthropic's {@code overloaded_error} in the stream): 529;</li>
 *   <li>refused key (401, 403): 403; provider unreachable (connection refused, unknown host): 503;</li>
 *   <li>a provider that accepted the connection and closed it without an answer (reset, end of stream
 *       before any response head): 502;</li>
 *   <li>anything else: 500 with a fixed message.</li>
 * </ul>
 */
final class ProviderErrors {
    static final String RATE_LIMITED = "The provider is currently unavailable due to request limit.";
    static final String OWN_KEY_HINT = " Try using your own API key.";
    static final String OVERLOADED = "The provider is currently unavailable. Please try again later.";
    static final String ACCESS_DENIED = "Access denied. Please make sure your API key is valid.";
    static final String UNEXPECTED = "An unexpected error has occurred. Please try again later.";
    static final String TIMED_OUT = "The provider did not respond in time. Please try again later.";
    static final String UNREACHABLE = "The provider cannot be reached. Please try again later.";
    static final String DROPPED = "The provider closed the connection without answering. Please try again later.";
    static final String QUOTA_EXCEEDED = "The quota or credit of this API key is used up at the provider; "
            + "check the plan and billing of the account that owns the key.";
    static final String CONTEXT_TOO_LONG = "The conversation is too long for this model";
    static final int OVERLOADED_STATUS = 529;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CONTEXT_LENGTH = Pattern.compile(
            "maximum context length|context[ _]length|context window|prompt is too long"
                    + "|input token count.*exceeds|exceeds the maximum number of tokens|too many (input )?tokens");
    private static final Pattern URL = Pattern.compile("https?://\\S+");
    private static final Pattern KEY_LIKE = Pattern.compile("\\b(sk-|sk_|AIza|ya29\\.)\\S*|\\b[A-Za-z0-9_-]{32,}\\b");
    private static final int MAX_REASON = 300;

    private ProviderErrors() {
    }

    static LlmFailure map(Throwable error, boolean callerBroughtKey) {
        int status = statusOf(error);
        ProviderError body = ProviderError.of(bodyOf(error));
        if (body.isContextLength()) {
            return new LlmFailure(400, "context_length_exceeded", CONTEXT_TOO_LONG + ": " + cleaned(body.message()));
        }
        if (body.isQuotaSpent()) {
            return callerBroughtKey ? new LlmFailure(402, "provider_quota_exceeded", QUOTA_EXCEEDED)
                    : new LlmFailure(503, "provider_quota_exceeded", QUOTA_EXCEEDED + OWN_KEY_HINT);
        }
        if (status == 429 || error instanceof RateLimitException || body.isRateLimit()) {
            return new LlmFailure(429, "provider_rate_limited", RATE_LIMITED + (callerBroughtKey ? "" : OWN_KEY_HINT));
        }
        if (status == OVERLOADED_STATUS || status == 503 || body.isOverloaded()
                || (status == 0 && messagesOf(error).toLowerCase(Locale.ROOT).contains("overloaded"))) {
            return new LlmFailure(OVERLOADED_STATUS, "provider_overloaded", OVERLOADED);
        }
        if (status == 401 || status == 403 || error instanceof AuthenticationException) {
            return new LlmFailure(403, "provider_access_denied", ACCESS_DENIED);
        }
        if (status == 0 && unreachable(error)) {
            return new LlmFailure(503, "provider_unavailable", UNREACHABLE);
        }
        if (status == 0 && dropped(error)) {
            return new LlmFailure(502, "provider_bad_gateway", DROPPED);
        }
        return new LlmFailure(500, "provider_error", UNEXPECTED);
    }

    /**
     * An unreachable provider's failure naming which one and where ("provider 'ollama' at
     * http://localhost:11434"), so that the person can tell a stopped local server from an outage.
     * The address is the caller's own base URL or the operator's endpoint, never a key.
     */
    static LlmFailure naming(LlmFailure failure, String upstream) {
        if (!"provider_unavailable".equals(failure.code())) {
            return failure;
        }
        return new LlmFailure(failure.status(), failure.code(), "The " + upstream + " cannot be reached: is it running? "
                + "Pick another model, or give a base URL where it runs.");
    }

    /**
     * A provider and where it is reached, as messages name it ("provider 'ollama' at http://localhost:11434"):
     * scheme, host, port and path of the endpoint, never user info or a query, which can carry credentials.
     */
    static String upstream(String providerId, String endpoint) {
        String address;
        try {
            URI uri = URI.create(endpoint);
            address = new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (IllegalArgumentException | URISyntaxException | NullPointerException e) {
            address = "its configured endpoint";
        }
        return "provider '" + providerId + "' at " + address;
    }

    static LlmFailure timedOut() {
        return new LlmFailure(504, "provider_timeout", TIMED_OUT);
    }

    /** The provider's reason, safe to show: no URLs, nothing shaped like a key or token, bounded. */
    static String cleaned(String reason) {
        String text = KEY_LIKE.matcher(URL.matcher(reason).replaceAll("[link]")).replaceAll("[redacted]")
                .replaceAll("\\s+", " ").strip();
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON) + "…";
    }

    /**
     * What failed on the way to a provider, in words for a message (no class names, no addresses): for
     * callers that name the provider and its endpoint themselves, such as the model relay.
     */
    static String transportCause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return "the connection timed out";
            }
            if (t instanceof HttpTimeoutException) {
                return "it did not answer in time";
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return "its host name does not resolve";
            }
            if (t instanceof SSLException) {
                return "the TLS handshake failed";
            }
        }
        if (unreachable(error)) {
            return "the connection was refused";
        }
        return dropped(error) ? "it closed the connection without answering" : "the connection failed";
    }

    private static boolean unreachable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The connection was taken and then closed with no answer: a reset, or the end of the stream before a response
     * head (the JDK client says "received no bytes"; others throw {@link EOFException}).
     */
    private static boolean dropped(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t instanceof EOFException || (t instanceof SocketException && message.contains("reset"))
                    || (t instanceof IOException && (message.contains("received no bytes")
                    || message.contains("connection reset") || message.contains("closed before")))) {
                return true;
            }
        }
        return false;
    }

    private static int statusOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof HttpException http) {
                return http.statusCode();
            }
        }
        return 0;
    }

    /** The provider's error body: an HTTP error's body, or the text of an error event in a stream. */
    private static String bodyOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof HttpException http && http.getMessage() != null) {
                return http.getMessage();
            }
        }
        return messagesOf(error);
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

    /** The fields of the three wire formats that say what went wrong. */
    record ProviderError(String code, String type, String status, String message, String quotaIds) {
        static ProviderError of(String text) {
            int start = text == null ? -1 : text.indexOf('{');
            if (start < 0) {
                return new ProviderError("", "", "", text == null ? "" : text, "");
            }
            JsonNode root;
            try {
                root = JSON.readTree(text.substring(start));
            } catch (RuntimeException notJson) {
                return new ProviderError("", "", "", text, "");
            }
            JsonNode error = root.path("error").isObject() ? root.path("error") : root;
            StringBuilder quotaIds = new StringBuilder();
            for (JsonNode detail : error.path("details")) {
                for (JsonNode violation : detail.path("violations")) {
                    quotaIds.append(violation.path("quotaId").asString("")).append(' ');
                }
            }
            return new ProviderError(error.path("code").asString(""), error.path("type").asString(""),
                    error.path("status").asString(""), error.path("message").asString(""), quotaIds.toString());
        }

        boolean isContextLength() {
            return code.equals("context_length_exceeded")
                    || CONTEXT_LENGTH.matcher(message.toLowerCase(Locale.ROOT)).find()
                    && (type.equals("invalid_request_error") || status.equals("INVALID_ARGUMENT") || code.equals("400")
                    || type.isEmpty() && status.isEmpty());
        }

        /** Spent until someone pays or the day turns: OpenAI's insufficient_quota, Anthropic's credit, a daily Gemini quota. */
        boolean isQuotaSpent() {
            String text = message.toLowerCase(Locale.ROOT);
            return code.equals("insufficient_quota") || type.equals("insufficient_quota")
                    || text.contains("credit balance is too low")
                    || status.equals("RESOURCE_EXHAUSTED") && quotaIds.contains("PerDay")
                    || text.contains("exceeded your current usage limit");
        }

        boolean isRateLimit() {
            return code.equals("rate_limit_exceeded") || type.equals("rate_limit_error") || status.equals("RESOURCE_EXHAUSTED");
        }

        boolean isOverloaded() {
            return type.equals("overloaded_error");
        }
    }
}
