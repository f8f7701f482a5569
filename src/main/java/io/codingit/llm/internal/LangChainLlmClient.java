package io.codingit.llm.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.llm.LlmException;
import dev.langchain4j.model.chat.StreamingChatModel;
import io.codingit.llm.LlmClient;
import io.codingit.llm.LlmMessage;
import io.codingit.llm.LlmProvider;
import io.codingit.llm.LlmRequest;
import io.codingit.llm.LlmStream;
import org.springframework.stereotype.Service;

import java.net.http.HttpClient;
import java.util.List;

/** {@link LlmClient} on LangChain4j: model and route checked, the budget charged, a client built, the stream started. */
@Service
class LangChainLlmClient implements LlmClient {
    private final LlmProperties properties;
    private final ProviderRoutes routes;
    private final LlmBudget budget;
    private final HttpClient httpClient;
    private final ImageFetcher images;

    LangChainLlmClient(LlmProperties properties, ProviderRoutes routes, LlmBudget budget, HttpClient llmHttpClient,
                       ImageFetcher images) {
        this.images = images;
        this.properties = properties;
        this.routes = routes;
        this.budget = budget;
        this.httpClient = llmHttpClient;
    }

    @Override
    public LlmStream stream(LlmRequest request) {
        LlmProvider provider = request.provider();
        if (request.model() == null || request.model().isBlank()) {
            throw new LlmException(Kind.INVALID, "model.id (or config.model) is required");
        }
        ProviderRoutes.Route route = routes.route(provider, request.config());
        List<LlmMessage> messages = images.inline(request.messages());
        if (route.serverResource()) {
            budget.charge(request.userId());
        }
        UpstreamCall call = new UpstreamCall();
        UpstreamStream stream = new UpstreamStream(call, request.config().hasOwnApiKey(),
                ProviderErrors.upstream(provider.id(), route.baseUrl()),
                properties.firstTokenTimeout(), properties.idleTimeout());
        StreamingChatModel model = StreamingModels.build(new StreamingModels.Spec(provider, request.model(), route.baseUrl(),
                route.apiKey(), request.config(), request.responseSchema(), properties.defaultMaxTokens(),
                properties.connectTimeout(), properties.maxStreamDuration()),
                new SharedJdkHttpClient.Builder(httpClient, call, properties.maxStreamDuration()));
        try {
            model.chat(Messages.toLangChain(request.systemPrompt(), messages), stream);
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
        return stream;
    }
}
