package io.codingit.llm.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.llm.LlmException;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import io.codingit.llm.LlmMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Our messages in LangChain4j's terms: the system prompt first, images only in user messages. */
final class Messages {
    private static final Pattern DATA_URL = Pattern.compile("^data:(image/[a-zA-Z0-9.+-]+);base64,(.*)$", Pattern.DOTALL);

    private Messages() {
    }

    static List<ChatMessage> toLangChain(String systemPrompt, List<LlmMessage> messages) {
        List<ChatMessage> out = new ArrayList<>(messages.size() + 1);
        if (systemPrompt != null && !systemPrompt.isBlank()) {
            out.add(SystemMessage.from(systemPrompt));
        }
        for (LlmMessage message : messages) {
            out.add(switch (message.role()) {
                case SYSTEM -> SystemMessage.from(textOf(message));
                case ASSISTANT -> AiMessage.from(textOf(message));
                case USER -> UserMessage.from(message.parts().stream().map(Messages::content).toList());
            });
        }
        return out;
    }

    private static String textOf(LlmMessage message) {
        return message.parts().stream().map(part -> switch (part) {
            case LlmMessage.Text text -> text.text();
            case LlmMessage.Image image -> throw new LlmException(Kind.INVALID, 
                    "images are only allowed in user messages, not in " + message.role().name().toLowerCase() + " messages");
        }).collect(Collectors.joining("\n"));
    }

    private static Content content(LlmMessage.Part part) {
        return switch (part) {
            case LlmMessage.Text text -> TextContent.from(text.text());
            case LlmMessage.Image image -> image(image.url());
        };
    }

    private static ImageContent image(String url) {
        Matcher data = DATA_URL.matcher(url);
        if (data.matches()) {
            return ImageContent.from(data.group(2), data.group(1));
        }
        // ImageFetcher inlines every URL before this; a provider client must never fetch one itself
        throw new IllegalStateException("image URLs are fetched by the server and sent inline");
    }
}
