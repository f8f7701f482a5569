package io.codingit.sandbox;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Whether a template's home is prepared on this server ({@code GET /api/templates}).
 *
 * @param status   where the preparation stands
 * @param progress 0 to 1 while preparing (1 when ready, 0 before), null when there is nothing to measure
 * @param reason   why the template is unavailable, or what the preparation is doing; null when ready
 */
public record TemplateReadiness(Status status, Double progress, String reason) {
    public enum Status {
        NOT_PREPARED, PREPARING, READY, UNAVAILABLE;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static TemplateReadiness ready() {
        return new TemplateReadiness(Status.READY, 1.0, null);
    }

    public boolean isReady() {
        return status == Status.READY;
    }
}
