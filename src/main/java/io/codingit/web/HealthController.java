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
 * Redis (when configured) and whatever other health contributors features register. 503 when DOWN
 * or OUT_OF_SERVICE; 200 when UP or DEGRADED (serving with reduced guarantees, e.g. without Redis).
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
        String status = descriptor.getStatus().getCode();
        boolean serving = "UP".equals(status) || "DEGRADED".equals(status);
        return ResponseEntity.status(serving ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(descriptor);
    }
}
