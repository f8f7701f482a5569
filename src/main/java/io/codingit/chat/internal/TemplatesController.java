package io.codingit.chat.internal;

import io.codingit.chat.ChatTemplate;
import io.codingit.chat.ChatTemplates;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
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
    @GetMapping("/api/templates")
    TemplateList templates() {
        return new TemplateList(templates.all());
    }
}
