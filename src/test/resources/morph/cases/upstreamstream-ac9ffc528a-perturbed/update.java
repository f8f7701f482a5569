// ... rest of the code ...
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
// ... rest of the code ...

    /**
     * The arguments of a forced tool call (Anthropic's structured output) are the answer's JSON,
     * streamed piece by piece: passed on exactly as generated text would be.
     */
    @Override
    public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
        handle = context.streamingHandle();
        if (closed.get()) {
            context.streamingHandle().cancel();
            return;
        }
        String json = partialToolCall.partialArguments();
        if (json != null && !json.isEmpty()) {
            push(new LlmEvent.Delta(json));
        }
    }

    @Override
// ... rest of the code ...
