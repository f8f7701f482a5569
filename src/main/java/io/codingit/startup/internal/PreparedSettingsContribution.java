package io.codingit.startup.internal;

import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * At the end of {@code process-aot}: takes the recorder out and writes {@link PreparedSettings#RESOURCE} with what each
 * recorded setting was in the build. Registered in {@code META-INF/spring/aot.factories}.
 */
public final class PreparedSettingsContribution implements BeanFactoryInitializationAotProcessor {
    @Override
    public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
        ConfigurableEnvironment environment = beanFactory.getBean(ConfigurableEnvironment.class);
        if (!(environment.getPropertySources().remove(SettingsRecorder.NAME) instanceof SettingsRecorder recorder)) {
            throw new IllegalStateException("the settings the conditions read were not recorded: "
                    + RecordSettingsWhilePreparing.class.getName() + " is missing from META-INF/spring.factories");
        }
        String written = PreparedSettings.of(recorder.names(), environment).write();
        return (generationContext, code) -> generationContext.getGeneratedFiles().addResourceFile(PreparedSettings.RESOURCE, written);
    }
}
