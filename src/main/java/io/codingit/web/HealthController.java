package io.codingit.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/health}: liveness and readiness in one document. Anyone gets the overall status only
 * ({@code {"status":"UP"}}); an operator ({@code ROLE_OPERATOR}, docs/security.md) also gets the state of the
 * database, Redis (when configured) and the other contributors, whose details (sandbox uid, limits, paths)
 * are operational data. 503 when DOWN or OUT_OF_SERVICE; 200 when UP or DEGRADED (serving with reduced
 * guarantees, e.g. without Redis).
 */
@RestController
@Tag(name = "Health")
public class HealthController {
    static final String OPERATOR_AUTHORITY = "ROLE_OPERATOR";

    private final HealthEndpoint health;

    public HealthController(HealthEndpoint health) {
        this.health = health;
    }

    @GetMapping("/api/health")
    @Operation(summary = "Liveness and readiness, with the status of each dependency")
    ResponseEntity<Object> health(Authentication authentication) {
        HealthDescriptor descriptor = health.health();
        String status = descriptor.getStatus().getCode();
        boolean serving = "UP".equals(status) || "DEGRADED".equals(status);
        Object body = isOperator(authentication) ? descriptor : Map.of("status", status);
        return ResponseEntity.status(serving ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }

    private static boolean isOperator(Authentication authentication) {
        return authentication != null && authentication.isAuthenticated() && authentication.getAuthorities().stream()
                .anyMatch(a -> OPERATOR_AUTHORITY.equals(a.getAuthority()));
    }
}
