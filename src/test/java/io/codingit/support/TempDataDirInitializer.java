package io.codingit.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Every test context gets its own data directory (and so its own H2 file database). */
public class TempDataDirInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    /** Outside the per-test data directories (those are private to root; npm runs as the sandbox uid). */
    public static final String SHARED_TEMPLATE_CACHE = System.getenv().getOrDefault("CODINGIT_TEST_TEMPLATE_CACHE",
            System.getProperty("java.io.tmpdir") + "/codingit-test-template-cache");

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        try {
            Path dir = Files.createTempDirectory("codingit-test-");
            TestPropertyValues.of("codingit.data-dir=" + dir,
                    // prepared template homes (npm ci of the committed lock files) are shared by every test context
                    // and kept between runs: they are keyed by the template's content hash
                    "codingit.templates.cache-dir=" + SHARED_TEMPLATE_CACHE).applyTo(context);
            // tests send nothing off the loopback: unless a test names its own registries, the pip templates and
            // sandboxes see a closed local port as their Python index (a default of lowest precedence)
            context.getEnvironment().getPropertySources().addLast(new MapPropertySource("codingit-test-defaults",
                    Map.of("codingit.sandbox.registries.python-index-url", System.getenv().getOrDefault(
                            "CODINGIT_TEST_PIP_INDEX_URL", "http://127.0.0.1:9/simple/"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
