package io.codingit.morph.remote;

import io.codingit.morph.AppliedEdit;
import io.codingit.morph.CodeApplier;
import io.codingit.morph.EditLimits;
import io.codingit.morph.RemoteApplyException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Morph's OpenAI-compatible apply API: one non-streaming chat completion whose user message is
 * {@code <instruction>…</instruction>\n<code>…</code>\n<update>…</update>} and whose answer is the merged file.
 */
public final class MorphCloudClient implements CodeApplier {

    public static final String ENGINE = "morph";
    private static final String ERROR_CODE = "morph_error";

    private final URI completionsUrl;
    private final String apiKey;
    private final String model;
    private final Duration timeout;
    private final HttpClient http;
    private final JsonMapper json;
    private final EditLimits limits;

    public MorphCloudClient(URI baseUrl, String apiKey, String model, Duration timeout, HttpClient http, JsonMapper json,
                            EditLimits limits) {
        String base = baseUrl.toString();
        this.completionsUrl = URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
        this.apiKey = apiKey;
        this.model = model;
        this.timeout = timeout;
        this.http = http;
        this.json = json;
        this.limits = limits;
    }

    @Override
    public String engine() {
        return ENGINE;
    }

    /** The configured model (codingit.morph.model). */
    public String model() {
        return model;
    }

    @Override
    public AppliedEdit apply(String instruction, String original, String update) {
        return apply(instruction, original, update, model);
    }

    /** Applies with one of Morph's models ({@code morph-v3-fast}, {@code morph-v3-large}). */
    public AppliedEdit apply(String instruction, String original, String update, String model) {
        limits.check(original, update);
        String userMessage = "<instruction>" + instruction + "</instruction>\n<code>" + original + "</code>\n<update>"
                + update + "</update>";
        String body = json.writeValueAsString(Map.of("model", model,
                "messages", List.of(Map.of("role", "user", "content", userMessage))));
        HttpRequest request = HttpRequest.newBuilder(completionsUrl)
                .timeout(timeout)
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RemoteApplyException(ERROR_CODE,
                    "Morph's apply API could not be reached: " + e.getClass().getSimpleName(), 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteApplyException(ERROR_CODE, "interrupted while waiting for Morph's apply API", 0, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new RemoteApplyException(ERROR_CODE, "Morph's apply API answered HTTP " + response.statusCode(),
                    response.statusCode(), null);
        }
        return new AppliedEdit(mergedCode(response.body(), response.statusCode()), ENGINE);
    }

    private String mergedCode(String body, int status) {
        try {
            JsonNode content = json.readTree(body).path("choices").path(0).path("message").path("content");
            if (!content.isString()) {
                throw new RemoteApplyException(ERROR_CODE, "Morph's apply API answered without code", status, null);
            }
            return content.stringValue();
        } catch (JacksonException e) {
            throw new RemoteApplyException(ERROR_CODE, "Morph's apply API answered with malformed JSON", status, e);
        }
    }
}
