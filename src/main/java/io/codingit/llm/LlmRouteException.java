package io.codingit.llm;

import io.codingit.common.DomainException;

/** A model call that cannot be routed: no key may or can be sent to the endpoint it names. */
public class LlmRouteException extends DomainException {
    private LlmRouteException(Kind kind, String code, String message) {
        super(kind, code, message);
    }

    /** A caller-chosen base URL without the caller's own key: the server's key never goes there. */
    public static LlmRouteException ownKeyRequired(LlmProvider provider) {
        return new LlmRouteException(Kind.INVALID, "own_api_key_required", "config.baseURL names an endpoint the server "
                + "does not use for provider '" + provider.id() + "': send your own key in config.apiKey to use it "
                + "(the server's key is only sent to the provider's own endpoint or the one the operator configured)");
    }

    /** The provider needs a key, the caller sent none and the server holds none. */
    public static LlmRouteException noServerKey(LlmProvider provider) {
        return new LlmRouteException(Kind.UNAVAILABLE, "provider_not_configured", "No API key for provider '"
                + provider.id() + "': set " + provider.apiKeyVariable() + " on the server or send config.apiKey");
    }
}
