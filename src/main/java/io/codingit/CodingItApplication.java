package io.codingit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CodingItApplication {
    public static void main(String[] args) {
        SpringApplication.run(CodingItApplication.class, args);
    }
}
