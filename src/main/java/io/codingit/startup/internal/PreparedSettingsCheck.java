package io.codingit.startup.internal;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.aot.AotDetector;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Before the context is made in AOT mode: compares the settings that decided the prepared context's conditions at build
 * time with this run's, and turns AOT mode off when one differs (a Kubernetes sandbox provider, registry egress off, a
 * management port, ...), so that the regular start evaluates the conditions with this run's settings. Runs after every
 * source of settings is loaded (lowest precedence among the environment listeners) and before Spring Boot asks whether
 * to use the generated context. Registered in {@code META-INF/spring.factories}.
 */
public final class PreparedSettingsCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {
    private static final Log log = LogFactory.getLog(PreparedSettingsCheck.class);

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        if (!AotDetector.useGeneratedArtifacts()) {
            return;
        }
        List<String> differences;
        try (InputStream in = PreparedSettingsCheck.class.getClassLoader().getResourceAsStream(PreparedSettings.RESOURCE)) {
            if (in == null) {
                turnOff("this build recorded no settings for it (" + PreparedSettings.RESOURCE + " is missing)");
                return;
            }
            differences = PreparedSettings.read(in).differences(event.getEnvironment());
        } catch (IOException e) {
            turnOff("its record of settings could not be read: " + e.getMessage());
            return;
        }
        if (differences.isEmpty()) {
            log.info("Starting with the context prepared at build time (Spring AOT)");
        } else {
            turnOff("these settings differ from the build's, and they decide which beans exist: " + String.join(", ", differences));
        }
    }

    private static void turnOff(String why) {
        System.setProperty(AotDetector.AOT_ENABLED, "false");
        log.info("Starting without the context prepared at build time: " + why);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
