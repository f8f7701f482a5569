package io.codingit.startup.internal;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/** The names that settings' written values refer to through {@code ${name}} or {@code ${name:default}} placeholders. */
final class Placeholders {
    private Placeholders() {
    }

    /**
     * Every name the written values of {@code settings} refer to, directly or through the values of those names and
     * the defaults of their placeholders, as the resolver looks them up: {@code name} and, for one with a default,
     * {@code name:default} (which it tries first as a name of its own).
     */
    static Set<String> within(Set<String> settings, ConfigurableEnvironment environment) {
        Set<String> found = new HashSet<>();
        Deque<String> values = new ArrayDeque<>();
        settings.forEach(name -> addWritten(name, environment, values));
        while (!values.isEmpty()) {
            String value = values.pop();
            for (String reference : references(value)) {
                int colon = reference.indexOf(':');
                String name = colon < 0 ? reference : reference.substring(0, colon);
                if (found.add(name)) {
                    addWritten(name, environment, values);
                }
                if (colon >= 0) {
                    found.add(reference);
                    values.push(reference.substring(colon + 1));
                }
            }
        }
        found.removeAll(settings);
        return found;
    }

    private static void addWritten(String name, ConfigurableEnvironment environment, Deque<String> values) {
        environment.getPropertySources().stream()
                .map((PropertySource<?> source) -> source.getProperty(name))
                .filter(Objects::nonNull)
                .findFirst()
                .ifPresent(value -> values.push(value.toString()));
    }

    /** The contents of the outermost {@code ${...}} in {@code value}, nested braces kept. */
    static Set<String> references(String value) {
        Set<String> references = new HashSet<>();
        int start = value.indexOf("${");
        while (start >= 0) {
            int depth = 0;
            int end = -1;
            for (int i = start; i < value.length(); i++) {
                if (value.startsWith("${", i)) {
                    depth++;
                    i++;
                } else if (value.charAt(i) == '}' && --depth == 0) {
                    end = i;
                    break;
                }
            }
            if (end < 0) {
                break;
            }
            references.add(value.substring(start + 2, end));
            start = value.indexOf("${", end);
        }
        return references;
    }
}
