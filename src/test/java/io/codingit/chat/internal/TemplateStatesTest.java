package io.codingit.chat.internal;

import io.codingit.sandbox.SandboxTemplate;
import io.codingit.sandbox.TemplateReadiness;
import io.codingit.sandbox.TemplateReadiness.Status;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The words of each template state, as the console and GET /api/templates show them. */
class TemplateStatesTest {
    static SandboxTemplate template(String unavailableReason) {
        return new SandboxTemplate("streamlit-developer", "Streamlit", "app.py", 8501, List.of(), "streamlit run app.py",
                null, unavailableReason, "pip", List.of());
    }

    @Test
    void eachStatusHasItsSentence() {
        assertThat(TemplateStates.describe(template(null), TemplateReadiness.ready())).isEqualTo("ready");
        assertThat(TemplateStates.describe(template(null), new TemplateReadiness(Status.NOT_PREPARED, 0.0, "prepared at first use")))
                .isEqualTo("prepared on first use (about 60 s)");
        assertThat(TemplateStates.describe(template(null), new TemplateReadiness(Status.PREPARING, 0.4, "npm ci")))
                .isEqualTo("being prepared (40 %)");
        assertThat(TemplateStates.describe(template("gVisor is not installed"), TemplateReadiness.ready()))
                .isEqualTo("not available on this server: gVisor is not installed");
    }

    @Test
    void reasonsLoseJavaClassNames() {
        TemplateReadiness failed = new TemplateReadiness(Status.UNAVAILABLE, null,
                "no Python package index reachable (https://pypi.org/simple: java.net.ConnectException: Connection refused)");

        assertThat(TemplateStates.describe(template(null), failed)).isEqualTo(
                "not available on this server: no Python package index reachable (https://pypi.org/simple: Connection refused)");
        assertThat(TemplateStates.cleaned(failed).reason()).doesNotContain("java.", "Exception");
        assertThat(TemplateStates.withoutClassNames("preparation failed: java.io.UncheckedIOException: disk full"))
                .isEqualTo("preparation failed: disk full");
    }
}
