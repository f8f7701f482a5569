package io.codingit.morph.internal;

import io.codingit.auth.AuthenticatedUser;
import io.codingit.common.DomainException;
import io.codingit.morph.AppliedEdit;
import io.codingit.morph.CodeApplier;
import io.codingit.morph.remote.MorphCloudClient;
import io.codingit.ratelimit.RateLimitDecision;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import io.codingit.ratelimit.RateLimiter;
import io.codingit.web.DomainErrorStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/chat/completions}, Morph's apply API on this server: tools that speak Morph's (OpenAI's)
 * wire format apply edits here by changing the base URL. The user message carries
 * {@code <instruction>…</instruction><code>…</code><update>…</update>}; the answer is a chat completion (or a
 * stream of chunks) whose content is the merged file. Bearer personal API tokens, the general budget per
 * request and the llm budget when a remote engine has to step in. Errors keep the API's fields
 * ({@code message}, {@code code}) and put OpenAI's error object in {@code error}, so OpenAI SDKs show the reason.
 */
@RestController
@RateLimited(RateLimitGroup.GENERAL)
@Tag(name = "Morph-compatible apply API")
class MorphCompletionsController {

    static final Set<String> MODELS = Set.of("morph-v3-fast", "morph-v3-large", "auto");
    static final String ENGINE_HEADER = "X-Apply-Engine";
    private static final int STREAM_PIECE = 2048;

    private final CodeApplier applier;
    private final RateLimiter limiter;
    private final JsonMapper json;

    MorphCompletionsController(MorphConfiguration.Engines engines, RateLimiter limiter, JsonMapper json) {
        this.applier = engines.configured();
        this.limiter = limiter;
        this.json = json;
    }

    @Operation(summary = "Apply a lazy edit (Morph-compatible)", description = """
            Body: an OpenAI chat completion request. model: morph-v3-fast, morph-v3-large or auto. The last user \
            message is <instruction>…</instruction><code>…</code><update>…</update> (string content, or text parts). \
            stream: true answers with chat.completion.chunk events and data: [DONE]. The content is the merged \
            file; the X-Apply-Engine header and the engine field say which engine produced it (local, morph, llm). \
            422 edit_not_placeable when the snippet cannot be placed with certainty and no remote engine is \
            configured; 400 for an unknown model, a message without the tags, empty, binary or mixed-line-ending \
            code; 413 for a file or line over the limits.""")
    @PostMapping(path = "/v1/chat/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
    void complete(@AuthenticationPrincipal AuthenticatedUser user, @RequestBody JsonNode body,
                  HttpServletResponse response) throws IOException {
        String model = model(body);
        boolean stream = body.path("stream").asBoolean(false);
        ApplyMessage message = ApplyMessage.parse(userMessage(body));
        String morphModel = "auto".equals(model) ? null : model;
        AppliedEdit edit = apply(user, message, morphModel);
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = System.currentTimeMillis() / 1000;
        response.setHeader(ENGINE_HEADER, edit.engine());
        if (stream) {
            writeStream(response, id, created, model, edit);
        } else {
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8);
            Map<String, Object> completion = new LinkedHashMap<>();
            completion.put("id", id);
            completion.put("object", "chat.completion");
            completion.put("created", created);
            completion.put("model", model);
            completion.put("choices", List.of(Map.of("index", 0,
                    "message", Map.of("role", "assistant", "content", edit.merged()), "finish_reason", "stop")));
            completion.put("usage", usage(message, edit));
            completion.put("engine", edit.engine());
            json.writeValue(response.getOutputStream(), completion);
        }
    }

    private AppliedEdit apply(AuthenticatedUser user, ApplyMessage message, String morphModel) {
        Runnable chargeLlm = () -> chargeLlmBudget(user);
        if (applier instanceof FallbackCodeApplier auto) {
            return auto.forUser(user.id()).apply(message.instruction(), message.code(), message.update(), morphModel,
                    chargeLlm);
        }
        if (applier instanceof MorphCloudClient cloud) {
            chargeLlm.run();
            return cloud.apply(message.instruction(), message.code(), message.update(),
                    morphModel != null ? morphModel : cloud.model());
        }
        return applier.forUser(user.id()).apply(message.instruction(), message.code(), message.update());
    }

    /**
     * Morph's cloud costs what a model call on the server's key costs: the caller's llm budget (the LLM engine's
     * call is charged by the llm feature).
     */
    private void chargeLlmBudget(AuthenticatedUser user) {
        RateLimitDecision decision = limiter.tryConsume(RateLimitGroup.LLM, "user:" + user.id());
        if (!decision.allowed()) {
            throw new ApplyRequestException(DomainException.Kind.RATE_LIMITED, "rate_limited",
                    "the local engine could not place this edit and your budget for the remote engine is spent;"
                            + " try again later", decision.retryAfter());
        }
    }

    private static String model(JsonNode body) {
        JsonNode model = body.get("model");
        if (model == null || !model.isString()) {
            throw new ApplyRequestException("unknown_model", "model is required: one of " + List.copyOf(
                    new java.util.TreeSet<>(MODELS)));
        }
        if (!MODELS.contains(model.stringValue())) {
            throw new ApplyRequestException("unknown_model", "unknown model '" + model.stringValue()
                    + "': this endpoint applies edits with morph-v3-fast, morph-v3-large or auto");
        }
        return model.stringValue();
    }

    /** The content of the last user message: a string, or the concatenated text parts. */
    private static String userMessage(JsonNode body) {
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new ApplyRequestException("invalid_messages", "messages must be a non-empty array");
        }
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if (!"user".equals(message.path("role").asString(""))) {
                continue;
            }
            JsonNode content = message.get("content");
            if (content != null && content.isString()) {
                return content.stringValue();
            }
            if (content != null && content.isArray()) {
                StringBuilder text = new StringBuilder();
                for (JsonNode part : content) {
                    if ("text".equals(part.path("type").asString("")) && part.path("text").isString()) {
                        text.append(part.path("text").stringValue());
                    }
                }
                return text.toString();
            }
            throw new ApplyRequestException("invalid_messages", "the user message's content must be text");
        }
        throw new ApplyRequestException("invalid_messages", "messages has no user message");
    }

    /** Tokens as Morph counts them for billing are not ours to know: characters / 4, an estimate. */
    private static Map<String, Object> usage(ApplyMessage message, AppliedEdit edit) {
        long prompt = (message.instruction().length() + message.code().length() + message.update().length()) / 4;
        long completion = edit.merged().length() / 4;
        return Map.of("prompt_tokens", prompt, "completion_tokens", completion, "total_tokens", prompt + completion);
    }

    private void writeStream(HttpServletResponse response, String id, long created, String model, AppliedEdit edit)
            throws IOException {
        response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8);
        response.setHeader("Cache-Control", "no-cache");
        OutputStream out = response.getOutputStream();
        writeChunk(out, id, created, model, Map.of("role", "assistant", "content", ""), null);
        String merged = edit.merged();
        for (int start = 0; start < merged.length(); ) {
            int end = Math.min(merged.length(), start + STREAM_PIECE);
            if (end < merged.length() && Character.isHighSurrogate(merged.charAt(end - 1))) {
                end--;
            }
            writeChunk(out, id, created, model, Map.of("content", merged.substring(start, end)), null);
            start = end;
        }
        writeChunk(out, id, created, model, Map.of(), "stop");
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void writeChunk(OutputStream out, String id, long created, String model, Map<String, Object> delta,
                            String finishReason) throws IOException {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("finish_reason", finishReason);
        Map<String, Object> chunk = new LinkedHashMap<>();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        chunk.put("choices", List.of(choice));
        out.write(("data: " + json.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * Errors of this route: the API's fields, with OpenAI's error object as {@code error} (OpenAI SDKs read the
     * reason from there). The status comes from web's one mapping of kinds.
     */
    @ExceptionHandler(DomainException.class)
    ResponseEntity<Map<String, Object>> failed(DomainException e) {
        HttpStatus status = DomainErrorStatus.of(e.kind());
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", e.getMessage());
        error.put("type", switch (e.kind()) {
            case RATE_LIMITED -> "rate_limit_error";
            case UPSTREAM_FAILED, UPSTREAM_TIMEOUT, UNAVAILABLE -> "server_error";
            default -> "invalid_request_error";
        });
        error.put("code", e.code());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", e.getMessage());
        body.put("code", e.code());
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
        e.retryAfter().ifPresent(after -> builder.header("Retry-After",
                Long.toString(Math.max(1, after.plusMillis(999).toSeconds()))));
        return builder.body(body);
    }
}
