package io.codingit.common;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;

/** Reads {@code codingit.data-dir} once; everything else receives the {@link DataDirectory}. */
@Configuration(proxyBeanMethods = false)
class DataDirectoryConfiguration {
    @Bean
    DataDirectory dataDirectory(@Value("${codingit.data-dir:./data}") Path root) {
        return new DataDirectory(root);
    }
}
