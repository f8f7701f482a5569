package io.codingit.sandbox.internal;

import io.codingit.sandbox.SandboxTemplate;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.util.ArrayList;
import java.util.List;

/**
 * The real templates plus one pip template made for tests, {@value #ID}: prepared like Streamlit and Gradio
 * (preparation {@code pip}, its {@code pip install} list from the configured Python index into its home's
 * user site), but its only package is {@value #PACKAGE}, which the test's own index serves. Streamlit and
 * Gradio themselves cannot be installed here (no Python package index), and no test stands in for them.
 * Import it into a test's context ({@code @Import(PipProbeTemplate.class)}).
 */
@TestConfiguration
public class PipProbeTemplate {
    public static final String ID = "codingit-pip-probe";
    /** The package the template installs; its module {@value #MODULE} must be on the test's index. */
    public static final String PACKAGE = "codingit-pip-template-probe";
    public static final String MODULE = "codingit_pip_template_probe";
    public static final int PORT = 8765;

    @Bean
    @Primary
    TemplateManifest manifestWithThePipProbeTemplate() {
        List<SandboxTemplate> templates = new ArrayList<>(new TemplateManifest().all());
        templates.add(new SandboxTemplate(ID, "pip probe (tests only)", "app.py", PORT, List.of(PACKAGE),
                "python3 app.py", "pip install " + PACKAGE, null, "pip", List.of()));
        return new TemplateManifest(templates);
    }
}
