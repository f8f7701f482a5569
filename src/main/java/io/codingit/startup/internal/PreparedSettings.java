package io.codingit.startup.internal;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The settings that decided the prepared context's conditions, and what each was at build time: only a
 * fingerprint (SHA-256 of the value, {@value #ABSENT} when unset, {@value #SET} for {@link #VALUE_BLIND} ones), so that a value from the build machine's
 * environment, a secret included, never ends up in the jar.
 */
public record PreparedSettings(Map<String, String> fingerprints) {
    /** Written by {@link PreparedSettingsContribution} into the build's classes; its presence means a context was prepared. */
    public static final String RESOURCE = "META-INF/codingit/prepared-context-settings.properties";
    static final String ABSENT = "-";
    static final String UNRESOLVABLE = "?";
    static final String SET = "set";
    /** Not a setting: the active profiles, which decide {@code @Profile} beans and which profile files were read. */
    static final String ACTIVE_PROFILES = "[active profiles]";

    /**
     * Settings that conditions read only to see whether they are set, or to compare them with another recorded
     * setting, so that their value decides no bean: the server's port (Spring Boot's management-port condition
     * compares it with {@code management.server.port}, which is recorded by value) and the database URL (its
     * embedded-database condition asks whether one is set). Compared by whether they are set, so that the usual
     * settings of a deployment keep the prepared context. What their values are made of (the placeholders in them,
     * such as the data directory in the default database URL) was looked up only to make those values, and is left out.
     */
    static final Set<String> VALUE_BLIND = Set.of("server.port", "spring.datasource.url");

    public PreparedSettings {
        fingerprints = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(fingerprints));
    }

    static PreparedSettings of(Collection<String> names, ConfigurableEnvironment settings) {
        Set<String> madeOf = Placeholders.within(VALUE_BLIND, settings);
        Map<String, String> fingerprints = new TreeMap<>();
        fingerprints.put(ACTIVE_PROFILES, fingerprint(settings, ACTIVE_PROFILES));
        for (String name : names) {
            if (!madeOf.contains(name)) {
                fingerprints.put(name, fingerprint(settings, name));
            }
        }
        return new PreparedSettings(fingerprints);
    }

    static PreparedSettings read(InputStream in) throws IOException {
        Properties properties = new Properties();
        properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        Map<String, String> fingerprints = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> fingerprints.put(name, properties.getProperty(name)));
        return new PreparedSettings(fingerprints);
    }

    String write() {
        StringBuilder out = new StringBuilder("# settings read by the conditions of the context prepared at build time: name=SHA-256 of\n"
                + "# the value, " + ABSENT + " when unset, " + SET + " when set (compared only so), " + UNRESOLVABLE
                + " when unresolvable (docs/architecture.md, \"The context prepared at build time\")\n");
        fingerprints.forEach((name, fingerprint) -> out.append(escaped(name)).append('=').append(fingerprint).append('\n'));
        return out.toString();
    }

    /** A name as {@link Properties#load} reads it back. */
    private static String escaped(String name) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            if ("\\=: #!".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** The names whose value here differs from the build's, in order. */
    List<String> differences(Environment settings) {
        return fingerprints.entrySet().stream()
                .filter(e -> !Objects.equals(e.getValue(), fingerprint(settings, e.getKey())))
                .map(Map.Entry::getKey)
                .toList();
    }

    private static String fingerprint(Environment settings, String name) {
        String value;
        try {
            value = name.equals(ACTIVE_PROFILES) ? String.join(",", settings.getActiveProfiles()) : settings.getProperty(name);
        } catch (IllegalArgumentException unresolvablePlaceholder) {
            return UNRESOLVABLE;
        }
        if (value == null) {
            return ABSENT;
        }
        if (VALUE_BLIND.contains(name)) {
            return SET;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
