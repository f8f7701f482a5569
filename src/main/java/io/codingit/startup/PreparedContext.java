package io.codingit.startup;

import io.codingit.startup.internal.PreparedSettings;
import org.springframework.aot.AotDetector;
import org.springframework.context.aot.AbstractAotProcessor;

/**
 * The application context prepared at build time: {@code spring-boot-maven-plugin}'s {@code process-aot} turns the
 * bean definitions (component scan, auto-configuration and its conditions) into generated code, so that a start
 * skips parsing some 270 configuration classes and reading the class files of every scanned one (the largest part
 * of a start; docs/memory.md, "Start-up"). The conditions were decided by the build's settings, so the prepared
 * context is used only when every setting those conditions read has the same value at run time; otherwise the
 * server starts the regular way and says which settings differ ({@code internal.PreparedSettingsCheck}).
 */
public final class PreparedContext {
    private PreparedContext() {
    }

    /**
     * Turns Spring's AOT mode on when this build prepared a context, unless {@code spring.aot.enabled} was set
     * explicitly. Called by {@code main} only: tests and other entry points build their context the regular way.
     */
    public static void useIfBuilt() {
        ClassLoader loader = PreparedContext.class.getClassLoader();
        // process-aot runs main too, to prepare the context: never from an earlier build's prepared one
        if (!Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING)
                && System.getProperty(AotDetector.AOT_ENABLED) == null && loader.getResource(PreparedSettings.RESOURCE) != null) {
            System.setProperty(AotDetector.AOT_ENABLED, "true");
        }
    }
}
