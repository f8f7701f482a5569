package io.codingit;

import io.codingit.startup.PreparedContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CodingItApplication {
    public static void main(String[] args) {
        PreparedContext.useIfBuilt();
        SpringApplication.run(CodingItApplication.class, args);
    }
}
