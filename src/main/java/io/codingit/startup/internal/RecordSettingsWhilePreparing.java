package io.codingit.startup.internal;

import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.aot.AbstractAotProcessor;

/**
 * While the build prepares the context ({@code process-aot}), records which settings the conditions read: the
 * recorder goes in once the context is loaded and before it is refreshed, which is when the configuration classes
 * are parsed and their conditions evaluated. Registered in {@code META-INF/spring.factories}; does nothing at run time.
 */
public final class RecordSettingsWhilePreparing implements ApplicationListener<ApplicationPreparedEvent> {
    @Override
    public void onApplicationEvent(ApplicationPreparedEvent event) {
        if (Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING)) {
            event.getApplicationContext().getEnvironment().getPropertySources().addFirst(new SettingsRecorder());
        }
    }
}
