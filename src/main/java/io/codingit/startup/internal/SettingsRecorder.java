package io.codingit.startup.internal;

import org.springframework.core.env.PropertySource;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Put first among the settings while the build prepares the context: it notes the name of every setting looked up
 * (each lookup asks it first) and answers none, so the lookup goes on to the real settings.
 */
final class SettingsRecorder extends PropertySource<Set<String>> {
    static final String NAME = "preparedContextSettingsRecorder";

    SettingsRecorder() {
        super(NAME, ConcurrentHashMap.newKeySet());
    }

    @Override
    public Object getProperty(String name) {
        getSource().add(name);
        return null;
    }

    Set<String> names() {
        return Set.copyOf(getSource());
    }
}
