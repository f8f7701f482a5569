package floor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * The memory benchmark's floor (bench/memory/README.md): a bare Spring Boot web app (Spring MVC on Tomcat,
 * Jackson, Logback: what spring-boot-starter-webmvc brings, nothing else) answering {@code GET /api/health},
 * started with the same JVM options as the server. What a Spring Boot server costs before any feature.
 */
@SpringBootApplication
@RestController
public class FloorApp {
    @GetMapping("/api/health")
    Map<String, String> health() {
        return Map.of("status", "ok");
    }

    public static void main(String[] args) {
        SpringApplication.run(FloorApp.class, args);
    }
}
