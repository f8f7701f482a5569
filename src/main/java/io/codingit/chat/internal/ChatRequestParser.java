package io.codingit.chat.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.chat.ChatException;
import io.codingit.chat.ChatTemplate;
import io.codingit.chat.ChatTemplates;
import io.codingit.llm.GenerationConfig;
import io.codingit.llm.LlmMessage;
import io.codingit.llm.LlmProvider;
import io.codingit.llm.OutboundUrlPolicy;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the body of {@code POST /api/chat} by hand, so that every mistake gets a message naming
 * the field and what was wrong with it (a generic binder would say "cannot deserialize").
 */
@Component
class ChatRequestParser {
    private static final int MAX_MESSAGES = 1000;

    private final ChatTemplates templates;
    private final OutboundUrlPolicy urlPolicy;

    ChatRequestParser(ChatTemplates templates, OutboundUrlPolicy urlPolicy) {
        this.templates = templates;
        this.urlPolicy = urlPolicy;
    }

    /**
     * A valid chat request; {@code userId}/{@code teamId} are the body's, kept for logs only; {@code project} is
     * null unless the body names a project.
     */
    record ChatRequest(LlmProvider provider, String model, GenerationConfig config, List<LlmMessage> messages,
                       List<ChatTemplate> templates, String userId, String teamId, ProjectChat project) {
    }

    /**
     * The project chat a request continues: {@code chatId} null starts a new chat in the project;
     * {@code attachments} are workspace file paths attached to the new message.
     */
    record ProjectChat(String projectId, String chatId, List<String> attachments) {
    }

    ChatRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ChatException(Kind.INVALID, "the request body must be a JSON object");
        }
        JsonNode model = body.get("model");
        if (model == null || !model.isObject()) {
            throw new ChatException(Kind.INVALID, "model is required and must be an object with providerId and id");
        }
        String providerId = requiredString(model, "providerId", "model.providerId");
        LlmProvider provider = LlmProvider.byId(providerId).orElseThrow(() -> new ChatException(Kind.INVALID, 
                "model.providerId '" + providerId + "' is not supported; valid ids: " + String.join(", ", LlmProvider.ids())));
        JsonNode configNode = body.get("config");
        if (configNode != null && !configNode.isNull() && !configNode.isObject()) {
            throw new ChatException(Kind.INVALID, "config must be an object");
        }
        GenerationConfig config = configNode == null || configNode.isNull() ? GenerationConfig.none() : config(configNode);
        String modelName = configNode != null && configNode.isObject() ? optionalString(configNode, "model", "config.model") : null;
        if (modelName == null || modelName.isBlank()) {
            modelName = requiredString(model, "id", "model.id");
        }
        return new ChatRequest(provider, modelName, config, messages(body.get("messages")), templates(body.get("template")),
                optionalString(body, "userID", "userID"), optionalString(body, "teamID", "teamID"), projectChat(body));
    }

    private static ProjectChat projectChat(JsonNode body) {
        String projectId = optionalString(body, "projectId", "projectId");
        String chatId = optionalString(body, "chatId", "chatId");
        JsonNode attachments = body.get("attachments");
        if (projectId == null || projectId.isBlank()) {
            if (chatId != null || (attachments != null && !attachments.isNull())) {
                throw new ChatException(Kind.INVALID, "chatId and attachments need a projectId: they belong to a project chat");
            }
            return null;
        }
        List<String> paths = new ArrayList<>();
        if (attachments != null && !attachments.isNull()) {
            if (!attachments.isArray()) {
                throw new ChatException(Kind.INVALID, "attachments must be an array of workspace file paths");
            }
            for (int i = 0; i < attachments.size(); i++) {
                if (!attachments.get(i).isString()) {
                    throw new ChatException(Kind.INVALID, "attachments[" + i + "] must be a workspace file path (a string)");
                }
                paths.add(attachments.get(i).stringValue());
            }
        }
        return new ProjectChat(projectId, chatId == null || chatId.isBlank() ? null : chatId, List.copyOf(paths));
    }

    private List<LlmMessage> messages(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new ChatException(Kind.INVALID, "messages is required");
        }
        if (!node.isArray()) {
            throw new ChatException(Kind.INVALID, "messages must be an array");
        }
        if (node.isEmpty()) {
            throw new ChatException(Kind.INVALID, "messages must contain at least one message");
        }
        if (node.size() > MAX_MESSAGES) {
            throw new ChatException(Kind.INVALID, "messages may contain at most " + MAX_MESSAGES + " messages");
        }
        List<LlmMessage> messages = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            messages.add(message(node.get(i), "messages[" + i + "]"));
        }
        return messages;
    }

    private LlmMessage message(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new ChatException(Kind.INVALID, where + " must be an object with role and content");
        }
        String roleName = requiredString(node, "role", where + ".role");
        LlmMessage.Role role = switch (roleName) {
            case "user" -> LlmMessage.Role.USER;
            case "assistant" -> LlmMessage.Role.ASSISTANT;
            case "system" -> LlmMessage.Role.SYSTEM;
            default -> throw new ChatException(Kind.INVALID, where + ".role '" + roleName + "' is not one of user, assistant, system");
        };
        JsonNode content = node.get("content");
        if (content == null || content.isNull()) {
            throw new ChatException(Kind.INVALID, where + ".content is required");
        }
        if (content.isString()) {
            return LlmMessage.text(role, content.stringValue());
        }
        if (!content.isArray()) {
            throw new ChatException(Kind.INVALID, where + ".content must be a string or an array of parts");
        }
        if (content.isEmpty()) {
            throw new ChatException(Kind.INVALID, where + ".content must not be an empty array");
        }
        List<LlmMessage.Part> parts = new ArrayList<>(content.size());
        for (int i = 0; i < content.size(); i++) {
            LlmMessage.Part part = part(content.get(i), where + ".content[" + i + "]");
            if (part instanceof LlmMessage.Image && role != LlmMessage.Role.USER) {
                throw new ChatException(Kind.INVALID, where + ": images are only allowed in user messages");
            }
            parts.add(part);
        }
        return new LlmMessage(role, parts);
    }

    private LlmMessage.Part part(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new ChatException(Kind.INVALID, where + " must be an object with a type");
        }
        String type = requiredString(node, "type", where + ".type");
        return switch (type) {
            case "text" -> new LlmMessage.Text(requiredString(node, "text", where + ".text"));
            case "image" -> image(requiredString(node, "image", where + ".image"), where + ".image");
            case "image_url" -> {
                JsonNode imageUrl = node.get("image_url");
                if (imageUrl == null || !imageUrl.isObject()) {
                    throw new ChatException(Kind.INVALID, where + ".image_url must be an object with url");
                }
                yield image(requiredString(imageUrl, "url", where + ".image_url.url"), where + ".image_url.url");
            }
            default -> throw new ChatException(Kind.INVALID, where + ".type '" + type + "' is not one of text, image, image_url");
        };
    }

    /** A data URL stays inline; any other URL is fetched by the provider (or its client), so it passes the policy. */
    private LlmMessage.Image image(String url, String where) {
        if (url.regionMatches(true, 0, "data:", 0, 5)) {
            if (!url.toLowerCase(Locale.ROOT).matches("(?s)^data:image/[a-z0-9.+-]+;base64,.*")) {
                throw new ChatException(Kind.INVALID, where + " must be a data:image/...;base64, URL or an https URL");
            }
            return new LlmMessage.Image(url);
        }
        urlPolicy.check(url, where);
        return new LlmMessage.Image(url);
    }

    private List<ChatTemplate> templates(JsonNode node) {
        if (node == null || node.isNull()) {
            return templates.all();
        }
        if (node.isString()) {
            String id = node.stringValue();
            if (id.isBlank() || id.equals("auto")) {
                return templates.all();
            }
            return List.of(templates.find(id).orElseThrow(() -> unknownTemplate(id)));
        }
        if (node.isObject()) {
            // The peer's clients send the chosen templates as an object keyed by template id.
            List<ChatTemplate> chosen = new ArrayList<>();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                chosen.add(templates.find(entry.getKey()).orElseThrow(() -> unknownTemplate(entry.getKey())));
            }
            return chosen.isEmpty() ? templates.all() : chosen;
        }
        throw new ChatException(Kind.INVALID, "template must be a template id or an object keyed by template ids");
    }

    private ChatException unknownTemplate(String id) {
        return new ChatException(Kind.INVALID, "template '" + id + "' is unknown; valid ids: "
                + String.join(", ", templates.all().stream().map(ChatTemplate::id).toList()));
    }

    private static GenerationConfig config(JsonNode c) {
        return new GenerationConfig(
                optionalString(c, "apiKey", "config.apiKey"),
                optionalString(c, "baseURL", "config.baseURL"),
                number(c, "temperature", 0, 2),
                number(c, "topP", 0, 1),
                integer(c, "topK", 1, 1_000),
                number(c, "frequencyPenalty", -2, 2),
                number(c, "presencePenalty", -2, 2),
                integer(c, "maxTokens", 1, 1_000_000));
    }

    private static Double number(JsonNode parent, String field, double min, double max) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw new ChatException(Kind.INVALID, "config." + field + " must be a number");
        }
        double value = node.doubleValue();
        if (value < min || value > max) {
            throw new ChatException(Kind.INVALID, "config." + field + " must be between " + format(min) + " and " + format(max));
        }
        return value;
    }

    private static Integer integer(JsonNode parent, String field, int min, int max) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new ChatException(Kind.INVALID, "config." + field + " must be an integer");
        }
        int value = node.intValue();
        if (value < min || value > max) {
            throw new ChatException(Kind.INVALID, "config." + field + " must be between " + min + " and " + max);
        }
        return value;
    }

    private static String format(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String requiredString(JsonNode parent, String field, String where) {
        String value = optionalString(parent, field, where);
        if (value == null || value.isBlank()) {
            throw new ChatException(Kind.INVALID, where + " is required");
        }
        return value;
    }

    private static String optionalString(JsonNode parent, String field, String where) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw new ChatException(Kind.INVALID, where + " must be a string");
        }
        return node.stringValue();
    }
}
