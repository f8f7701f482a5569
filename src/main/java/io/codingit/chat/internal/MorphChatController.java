package io.codingit.chat.internal;

import io.codingit.auth.AuthenticatedUser;
import io.codingit.llm.LlmClient;
import io.codingit.llm.LlmEvent;
import io.codingit.llm.LlmFailure;
import io.codingit.llm.LlmRequest;
import io.codingit.llm.LlmStream;
import io.codingit.morph.AppliedEdit;
import io.codingit.morph.CodeApplier;
import io.codingit.morph.EditInputException;
import io.codingit.morph.EditNotPlaceableException;
import io.codingit.morph.RemoteApplyException;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import io.codingit.web.ApiException;
import io.codingit.web.ErrorResponses;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/chat/morph-chat}: the model writes a lazy edit snippet for the current fragment's
 * code, the configured {@link CodeApplier} merges it, and the fragment comes back with the merged code
 * and the model's commentary. Parsing, keys, provider errors and the llm budget are the chat route's.
 * A snippet the local engine cannot place with certainty is a 422 naming the part; nothing is changed.
 */
@RestController
@RateLimited(RateLimitGroup.GENERAL)
class MorphChatController {

    private final ChatRequestParser parser;
    private final LlmClient llm;
    private final CodeApplier applier;
    private final JsonMapper json;

    MorphChatController(ChatRequestParser parser, LlmClient llm, CodeApplier applier, JsonMapper json) {
        this.parser = parser;
        this.llm = llm;
        this.applier = applier;
        this.json = json;
    }

    @PostMapping(path = "/api/chat/morph-chat", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = "text/plain; charset=utf-8")
    String morphChat(@AuthenticationPrincipal AuthenticatedUser user, @RequestBody JsonNode body,
                     HttpServletResponse response) throws InterruptedException, IOException {
        ChatRequestParser.ChatRequest request = parser.parse(body);
        ObjectNode fragment = currentFragment(body);
        String code = fragment.path("code").stringValue();

        String answer;
        try {
            answer = generate(new LlmRequest(user.id(), request.provider(), request.model(), request.config(),
                    MorphEditPrompt.system(fragment.path("file_path").asString(""), code), request.messages(),
                    MorphEditPrompt.SCHEMA));
        } catch (ProviderFailed failed) {
            // statuses such as 529 have no HttpStatus constant: written directly, as the chat route does
            ErrorResponses.write(response, failed.failure.status(), failed.failure.message(), failed.failure.code());
            return null;
        }
        JsonNode edit = parseEdit(answer);
        AppliedEdit applied;
        try {
            applied = applier.forUser(user.id()).apply(edit.path("instruction").asString(""), code,
                    edit.path("edit").stringValue());
        } catch (EditNotPlaceableException notPlaceable) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "edit_not_placeable",
                    "the model's edit could not be applied, the fragment is unchanged: " + notPlaceable.getMessage());
        } catch (EditInputException badInput) {
            if (badInput.code().contains("update") || badInput.code().equals("line_too_long")) {
                // the snippet is the model's: an unusable one is the provider's failure, not the caller's
                throw new ApiException(HttpStatus.BAD_GATEWAY, "provider_error",
                        "the model's edit cannot be applied: " + badInput.getMessage());
            }
            throw badInput;
        } catch (RemoteApplyException remote) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, remote.code(), remote.getMessage());
        }
        String merged = applied.merged();
        response.setHeader("X-Apply-Engine", applied.engine());
        ObjectNode updated = fragment.deepCopy();
        updated.put("code", merged);
        updated.put("commentary", edit.path("commentary").asString(""));
        if (!fragment.path("file_path").isString() && edit.path("file_path").isString()) {
            updated.put("file_path", edit.path("file_path").stringValue());
        }
        return json.writeValueAsString(updated);
    }

    private static ObjectNode currentFragment(JsonNode body) {
        JsonNode fragment = body.get("currentFragment");
        if (fragment == null || !fragment.isObject()) {
            throw ApiException.badRequest("currentFragment is required and must be an object");
        }
        if (!fragment.path("code").isString()) {
            throw ApiException.badRequest("currentFragment.code is required and must be a string");
        }
        return (ObjectNode) fragment;
    }

    /** The model's whole answer; a provider failure becomes the chat route's error status and message. */
    private String generate(LlmRequest request) throws InterruptedException, ProviderFailed {
        StringBuilder text = new StringBuilder();
        try (LlmStream stream = llm.stream(request)) {
            while (true) {
                LlmEvent event = stream.next();
                switch (event) {
                    case LlmEvent.Delta delta -> text.append(delta.text());
                    case LlmEvent.Completed completed -> {
                        return text.toString();
                    }
                    case LlmEvent.Failed failed -> throw new ProviderFailed(failed.failure());
                }
            }
        }
    }

    private static final class ProviderFailed extends Exception {
        private final LlmFailure failure;

        ProviderFailed(LlmFailure failure) {
            super(failure.message(), null, false, false);
            this.failure = failure;
        }
    }

    private JsonNode parseEdit(String answer) {
        JsonObjectExtractor extractor = new JsonObjectExtractor();
        extractor.accept(answer);
        JsonNode edit;
        try {
            edit = extractor.complete() ? json.readTree(extractor.object()) : null;
        } catch (JacksonException malformed) {
            edit = null;
        }
        if (edit == null || !edit.path("edit").isString()) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, "provider_error",
                    "the model did not answer with an edit (a JSON object with commentary, instruction, edit, file_path)");
        }
        return edit;
    }
}
