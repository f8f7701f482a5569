package io.codingit.support;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.Map;

/** Binds a {@code @ConfigurationProperties} type from a given set of environment variables, as Boot would. */
public final class EnvBinding {
    private EnvBinding() {
    }

    public static <T> T bind(String prefix, Class<T> type, Map<String, Object> environment) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        environment));
        ConfigurationPropertySources.attach(env);
        return Binder.get(env).bindOrCreate(prefix, type);
    }
}
