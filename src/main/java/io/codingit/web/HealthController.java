package io.codingit.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/health}: liveness and readiness in one document, with the state of the database,
 * Redis (when configured) and whatever other health contributors features register. 503 when down.
 */
@RestController
@Tag(name = "Health")
public class HealthController {
    private final HealthEndpoint health;

    public HealthController(HealthEndpoint health) {
        this.health = health;
    }

    @GetMapping("/api/health")
    @Operation(summary = "Liveness and readiness, with the status of each dependency")
    ResponseEntity<HealthDescriptor> health() {
        HealthDescriptor descriptor = health.health();
        boolean up = "UP".equals(descriptor.getStatus().getCode());
        return ResponseEntity.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(descriptor);
    }
}
