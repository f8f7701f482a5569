package io.codingit.sandbox.internal;

import io.codingit.sandbox.ResumesPausedSandbox;
import io.codingit.sandbox.Sandboxes;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.StringSchema;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * Documents {@code X-Sandbox-Resumed} on every route marked {@link ResumesPausedSandbox}: a sentence in the
 * description and the header on its 200 answer.
 * Lazy like springdoc, which asks for it when the API description is first requested (web.LazyOpenApi).
 */
@Component
@Lazy
class ResumedHeaderOpenApi implements OperationCustomizer {
    static final String NOTE = "A paused sandbox is resumed first (its home restored, the template's processes "
            + "started again with fresh state); the answer then carries " + Sandboxes.RESUMED_HEADER + ": true. A request "
            + "that arrives while the sandbox is being paused waits for the pause, then resumes it; one whose work was "
            + "cut by a pause answers 409 sandbox_paused (send it again).";

    @Override
    public Operation customize(Operation operation, HandlerMethod handlerMethod) {
        if (!handlerMethod.hasMethodAnnotation(ResumesPausedSandbox.class)) {
            return operation;
        }
        String description = operation.getDescription();
        operation.setDescription(description == null || description.isBlank() ? NOTE : description + "\n\n" + NOTE);
        if (operation.getResponses() != null && operation.getResponses().get("200") != null) {
            operation.getResponses().get("200").addHeaderObject(Sandboxes.RESUMED_HEADER, new Header()
                    .description("true when this request resumed the paused sandbox").schema(new StringSchema()._enum(java.util.List.of("true"))));
        }
        return operation;
    }
}
