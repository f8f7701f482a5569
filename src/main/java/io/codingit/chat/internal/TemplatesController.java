package io.codingit.chat.internal;

import io.codingit.chat.ChatTemplate;
import io.codingit.chat.ChatTemplates;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@RateLimited(RateLimitGroup.GENERAL)
class TemplatesController {
    private final ChatTemplates templates;

    TemplatesController(ChatTemplates templates) {
        this.templates = templates;
    }

    record TemplateList(List<ChatTemplate> templates) {
    }

    /** The template catalog the chat prompt offers to the model. */
    @Operation(summary = "The templates: readiness on this server and the isolation level each one's sandboxes run at",
            description = "`isolation` is `namespaces` or `gvisor`: the server's level (codingit.sandbox.isolation.level) "
                    + "or the template's own (codingit.sandbox.isolation.templates.<id>). A template whose level this "
                    + "server cannot offer is not `ready`, and its `state` and `readiness.reason` say why; its sandbox "
                    + "routes answer 503.")
    @GetMapping("/api/templates")
    TemplateList templates() {
        return new TemplateList(templates.all());
    }
}
