package io.codingit.llm.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.llm.LlmException;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.codingit.llm.LlmCallException;
import io.codingit.llm.LlmFailure;
import io.codingit.llm.LlmProvider;
import io.codingit.llm.LlmUsage;
import io.codingit.llm.ToolChatClient;
import io.codingit.llm.ToolChatRequest;
import io.codingit.llm.ToolChatResponse;
import org.springframework.stereotype.Service;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * {@link ToolChatClient} on LangChain4j: key, base URL and model checked as for streaming, a client built
 * for the request, one blocking call. An interrupt of the calling thread aborts the request's exchange
 * and ends the call with {@link #CANCELLED}, so a cancelled agent does not wait for the provider.
 */
@Service
class LangChainToolChatClient implements ToolChatClient {
    /** The caller was interrupted; its interrupt flag stays set. */
    static final LlmFailure CANCELLED = new LlmFailure(499, "cancelled", "The request was cancelled.");

    private final LlmProperties properties;
    private final ProviderRoutes routes;
    private final LlmBudget budget;
    private final HttpClient httpClient;

    LangChainToolChatClient(LlmProperties properties, ProviderRoutes routes, LlmBudget budget, HttpClient llmHttpClient) {
        this.properties = properties;
        this.routes = routes;
        this.budget = budget;
        this.httpClient = llmHttpClient;
    }

    @Override
    public ToolChatResponse chat(ToolChatRequest request) {
        if (request.model() == null || request.model().isBlank()) {
            throw new LlmException(Kind.INVALID, "a model is required");
        }
        ProviderRoutes.Route route = routes.route(request.provider(), request.config());
        if (route.serverResource()) {
            budget.charge(request.userId());
        }
        UpstreamCall upstream = new UpstreamCall();
        ChatModel model = ToolChatModels.build(new StreamingModels.Spec(request.provider(), request.model(), route.baseUrl(),
                route.apiKey(), request.config(), null, properties.defaultMaxTokens(), properties.connectTimeout(),
                properties.maxStreamDuration()),
                new SharedJdkHttpClient.Builder(httpClient, upstream, properties.maxStreamDuration()));
        List<ChatMessage> messages = new ArrayList<>(request.messages().size() + 1);
        if (request.systemPrompt() != null && !request.systemPrompt().isBlank()) {
            messages.add(SystemMessage.from(request.systemPrompt()));
        }
        messages.addAll(request.messages());
        ChatRequest.Builder chat = ChatRequest.builder().messages(messages);
        if (!request.tools().isEmpty()) {
            chat.toolSpecifications(request.tools());
        }
        ChatRequest built = chat.build();
        // The call runs on its own virtual thread so that an interrupt of the caller (a cancelled task)
        // returns at once; cancelling the call interrupts that thread, which aborts its exchange on the
        // shared JDK client (HttpClient.send cancels the request when its thread is interrupted).
        FutureTask<ChatResponse> call = new FutureTask<>(() -> model.chat(built));
        Thread.ofVirtual().name("llm-tool-call").start(call);
        try {
            ChatResponse response = call.get();
            return new ToolChatResponse(response.aiMessage(), usageOf(response.tokenUsage()));
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new LlmCallException(CANCELLED);
        } catch (ExecutionException e) {
            throw new LlmCallException(ProviderErrors.map(e.getCause(), request.config().hasOwnApiKey()));
        } finally {
            upstream.cancel();
        }
    }

    private static LlmUsage usageOf(TokenUsage usage) {
        return usage == null ? new LlmUsage(null, null, null)
                : new LlmUsage(usage.inputTokenCount(), usage.outputTokenCount(), usage.totalTokenCount());
    }
}
