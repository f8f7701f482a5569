// ... existing code ...
import io.codingit.sandbox.SandboxTemplate;
import io.codingit.sandbox.TemplateReadiness;
import io.codingit.sandbox.Sandboxes;
    // ... existing code ...
    private ChatTemplate toChat(SandboxTemplate t) {
        TemplateReadiness readiness = sandboxes.readiness(t.id(), false);
        return new ChatTemplate(t.id(), t.name(), t.libraries(), t.defaultFile(),
                instructions.getOrDefault(t.id(), t.name()), t.port(), readiness.isReady(), readiness);
    }
// ... existing code ...
