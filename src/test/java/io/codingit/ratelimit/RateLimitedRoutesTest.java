package io.codingit.ratelimit;

import io.codingit.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code /api}, {@code /v1}, {@code /mcp} and {@code /.well-known} route draws from a rate-limit group, through its method or its class. Scans
 * the handler mappings of the running application, so routes added by any feature are covered.
 */
@IntegrationTest
class RateLimitedRoutesTest {
    /** Documentation and health answer without a budget so that monitors are never throttled. */
    private static final List<String> EXEMPT = List.of("/api/health", "/api/openapi.json", "/api/docs");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyApiRouteDeclaresItsGroup() {
        Set<String> unlimited = new TreeSet<>();
        int apiRoutes = 0;
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
            for (String pattern : entry.getKey().getPatternValues()) {
                if (!isProtectedRoute(pattern) || isExempt(pattern)) {
                    continue;
                }
                apiRoutes++;
                if (!hasGroup(entry.getValue())) {
                    unlimited.add(entry.getKey().getMethodsCondition() + " " + pattern + " ("
                            + entry.getValue().getBeanType().getSimpleName() + "." + entry.getValue().getMethod().getName() + ")");
                }
            }
        }

        assertThat(unlimited).as("/api routes without @RateLimited (on the method or its class), of %d", apiRoutes)
                .isEmpty();
    }

    /** The API, Morph's apply API, the MCP endpoint and the metadata that names it. */
    private static boolean isProtectedRoute(String pattern) {
        return pattern.startsWith("/api/") || pattern.startsWith("/v1/") || pattern.equals("/mcp")
                || pattern.startsWith("/.well-known/");
    }

    private static boolean isExempt(String pattern) {
        // also their sub-paths and format variants (/api/openapi.json.yaml, /api/docs/index.html)
        return EXEMPT.stream().anyMatch(p -> pattern.equals(p) || pattern.startsWith(p + "/")
                || pattern.startsWith(p + "."));
    }

    private static boolean hasGroup(HandlerMethod method) {
        return AnnotatedElementUtils.hasAnnotation(method.getMethod(), RateLimited.class)
                || AnnotatedElementUtils.hasAnnotation(method.getBeanType(), RateLimited.class);
    }
}
