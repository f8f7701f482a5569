package io.codingit.support;

import io.codingit.CodingItApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts one more real server in the test JVM (test profile, random port, its own data directory)
 * for tests that need two instances or a configuration no shared context has. Close it when done.
 */
public final class TestServers {
    private TestServers() {
    }

    public record Server(ConfigurableApplicationContext context, TestApi api) implements AutoCloseable {
        @Override
        public void close() {
            context.close();
        }
    }

    public static Server start(Map<String, String> properties) {
        return start(properties, new Class<?>[0]);
    }

    /**
     * As {@link #start(Map)}, with extra configuration classes (e.g. a test's beans). Pass them as
     * plain classes with {@code @Bean} methods, not {@code @Configuration}: component scanning would
     * otherwise pull them into every other server started in the test JVM.
     */
    public static Server start(Map<String, String> properties, Class<?>... extraSources) {
        // As command-line arguments: they outrank application.yml (builder "properties" would not).
        List<String> args = new ArrayList<>();
        try {
            if (!properties.containsKey("codingit.data-dir")) {
                args.add("--codingit.data-dir=" + Files.createTempDirectory("codingit-test-"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        args.add("--server.port=0");
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CodingItApplication.class)
                .sources(extraSources)
                .profiles("test")
                .run(args.toArray(String[]::new));
        int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
        return new Server(context, new TestApi(port));
    }
}
