package io.codingit.llm.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.llm.LlmException;
import io.codingit.llm.LlmProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.util.regex.Pattern;

/**
 * Where a Vertex AI Gemini request goes: {@code {endpoint}/projects/{project}/locations/{location}/publishers/google},
 * to which the Gemini client appends {@code /models/{model}:streamGenerateContent?alt=sse}. The project and
 * location are the operator's ({@code codingit.llm.vertex.project} / {@code GOOGLE_VERTEX_PROJECT},
 * {@code codingit.llm.vertex.location} / {@code GOOGLE_VERTEX_LOCATION}); read per request like the keys.
 */
@Component
class VertexEndpoint {
    static final String PROJECT_VARIABLE = "GOOGLE_VERTEX_PROJECT";
    static final String LOCATION_VARIABLE = "GOOGLE_VERTEX_LOCATION";
    static final String DEFAULT_LOCATION = "us-central1";
    /** Project ids and numbers, region names: they end up in a host name and a path, so nothing else passes. */
    private static final Pattern SAFE_SEGMENT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final Environment environment;

    VertexEndpoint(Environment environment) {
        this.environment = environment;
    }

    /**
     * The Gemini client's base URL.
     *
     * @param endpoint the API root, {@code https://{location}-aiplatform.googleapis.com/v1} or its replacement
     */
    String publisherBaseUrl(String endpoint) {
        String project = setting("codingit.llm.vertex.project", PROJECT_VARIABLE, null);
        String location = setting("codingit.llm.vertex.location", LOCATION_VARIABLE, DEFAULT_LOCATION);
        return endpoint + "/projects/" + project + "/locations/" + location + "/publishers/google";
    }

    /** Google's regional endpoint for the configured location. */
    String defaultEndpoint() {
        String location = setting("codingit.llm.vertex.location", LOCATION_VARIABLE, DEFAULT_LOCATION);
        return LlmProvider.VERTEX.defaultBaseUrl().replace("{location}", location);
    }

    private String setting(String property, String variable, String defaultValue) {
        String value = environment.getProperty(property);
        if (value == null || value.isBlank()) {
            value = environment.getProperty(variable);
        }
        if (value == null || value.isBlank()) {
            if (defaultValue == null) {
                throw new LlmException(Kind.UNAVAILABLE, "Provider 'vertex' needs a Google Cloud project: set " + variable
                        + " (or " + property + ") on the server");
            }
            return defaultValue;
        }
        value = value.trim();
        if (!SAFE_SEGMENT.matcher(value).matches()) {
            throw new LlmException(Kind.UNAVAILABLE, "Provider 'vertex' is misconfigured: " + variable + " (or " + property
                    + ") is not a valid Google Cloud name");
        }
        return value;
    }
}
