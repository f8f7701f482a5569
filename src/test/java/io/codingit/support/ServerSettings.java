package io.codingit.support;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;
import java.util.UUID;

/**
 * Settings the server reads per request (provider keys, the operator's LLM endpoints) changed for one test in
 * a shared context: they outrank every other source until {@link #close()}.
 */
public final class ServerSettings implements AutoCloseable {
    private final ConfigurableEnvironment environment;
    private final String name = "test-settings-" + UUID.randomUUID();

    private ServerSettings(ConfigurableEnvironment environment, Map<String, Object> values) {
        this.environment = environment;
        environment.getPropertySources().addFirst(new MapPropertySource(name, values));
    }

    public static ServerSettings set(ConfigurableEnvironment environment, Map<String, Object> values) {
        return new ServerSettings(environment, values);
    }

    @Override
    public void close() {
        environment.getPropertySources().remove(name);
    }
}
