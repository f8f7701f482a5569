package io.codingit.common;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import java.nio.file.Path;

/** Reads {@code codingit.data-dir} once; everything else receives the {@link DataDirectory}. */
@Configuration(proxyBeanMethods = false)
class DataDirectoryConfiguration {
    @Bean
    DataDirectory dataDirectory(@Value("${codingit.data-dir:./data}") Path root) {
        DataDirectory directory = new DataDirectory(root);
        // before the embedded database or any feature writes there
        directory.createRoot();
        directory.securePrivateFiles();
        return directory;
    }

    /** The embedded database creates its file with the process's umask on first start: made private once it exists. */
    @EventListener(ApplicationReadyEvent.class)
    void secureFilesOnceStarted(ApplicationReadyEvent event) {
        event.getApplicationContext().getBean(DataDirectory.class).securePrivateFiles();
    }
}
