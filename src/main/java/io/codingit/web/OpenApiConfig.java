package io.codingit.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The API description at {@code /api/openapi.json}: bearer/cookie authentication, the one error body,
 * and the error responses every route can give, so clients see them without reading the code. Lazy, as springdoc
 * is ({@link LazyOpenApi}): made by the first request for the description.
 */
@Configuration
@Lazy
public class OpenApiConfig {
    static final String ERROR_SCHEMA = "Error";
    private static final Set<String> PUBLIC_PATHS = Set.of("/api/health", "/api/auth/signup", "/api/auth/login",
            "/api/auth/refresh", "/api/auth/logout");

    @Bean
    OpenAPI codingItOpenApi() {
        return new OpenAPI()
                .info(new Info().title("CodingIT API").version("1")
                        .description("Self-hostable backend for an AI coding platform: chat, sandboxes, files, "
                                + "GitHub and background tasks. Every /api route except auth, health and this "
                                + "document needs a Bearer token (access token or personal API token) or the "
                                + "session cookie. POST /v1/chat/completions is Morph's apply API (an OpenAI chat "
                                + "completion whose user message is <instruction>…</instruction><code>…</code>"
                                + "<update>…</update>) for editors and tools that speak it: same tokens, same "
                                + "limits; its errors carry OpenAI's error object in 'error'."))
                .components(new Components()
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT or personal API token"))
                        .addSecuritySchemes("cookie", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.COOKIE).name("__Host-codingit_access")
                                .description("The session cookie over HTTPS; over plain HTTP (development) it is "
                                        + "codingit_access. Set by signup, login and refresh.")))
                .security(List.of(new SecurityRequirement().addList("bearer"), new SecurityRequirement().addList("cookie")));
    }

    /** Adds the error responses every route can give, each with the error body and an example. */
    @Bean
    OpenApiCustomizer errorResponses() {
        Map<String, String> common = Map.of(
                "400", "Invalid input; the message names the field or rule",
                "401", "Missing, expired or invalid credentials",
                "429", "Rate limit exceeded; see Retry-After",
                "500", "Unexpected error (generic message only)");
        return openApi -> {
            // added here rather than on the bean: springdoc drops component schemas no operation references
            openApi.getComponents().addSchemas(ERROR_SCHEMA, errorSchema());
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(op -> {
                common.forEach((status, description) -> {
                    if ("401".equals(status) && PUBLIC_PATHS.contains(path)) {
                        return;
                    }
                    if (op.getResponses() != null && !op.getResponses().containsKey(status)) {
                        op.getResponses().addApiResponse(status, errorResponse(description));
                    }
                });
                if (PUBLIC_PATHS.contains(path)) {
                    op.setSecurity(List.of());
                }
            }));
        };
    }

    private static Schema<?> errorSchema() {
        return new ObjectSchema()
                .addProperty("error", new BooleanSchema().example(true))
                .addProperty("message", new StringSchema().example("Field 'path' must not be blank"))
                .addProperty("code", new StringSchema().example("validation_failed"))
                .required(List.of("error", "message"))
                .description("The error body of every failed request");
    }

    static ApiResponse errorResponse(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType("application/json",
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ERROR_SCHEMA))
                        .example(Map.of("error", true, "message", description))));
    }
}
