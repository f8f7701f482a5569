package io.codingit.chat.internal;

import io.codingit.sandbox.SandboxTemplate;
import io.codingit.sandbox.TemplateReadiness;

import java.util.regex.Pattern;

/**
 * A template's readiness in the words the console shows and {@code GET /api/templates} answers
 * ({@code state}): "ready", "prepared on first use (about 60 s)", "being prepared (40 %)", or "not
 * available on this server: reason" — with no Java class names in any reason.
 */
final class TemplateStates {
    /**
     * What a first preparation costs: an estimate (npm ci of the Next.js or Vue template from an empty
     * npm cache on a small machine), not measured per server; with a warm npm cache it takes seconds.
     */
    static final int FIRST_USE_SECONDS = 60;
    /** "java.net.ConnectException: " and the like, as exceptions' toString() put them into reasons. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error)\\b:?\\s*");

    private TemplateStates() {
    }

    static String describe(SandboxTemplate template, TemplateReadiness readiness) {
        if (!template.available()) {
            return "not available on this server: " + withoutClassNames(template.unavailableReason());
        }
        return switch (readiness.status()) {
            case READY -> "ready";
            case NOT_PREPARED -> "prepared on first use (about " + FIRST_USE_SECONDS + " s)";
            case PREPARING -> readiness.progress() == null ? "being prepared"
                    : "being prepared (" + Math.round(readiness.progress() * 100) + " %)";
            case UNAVAILABLE -> "not available on this server: " + withoutClassNames(readiness.reason());
        };
    }

    /** The readiness with its reason cleaned of class names (the same reason is in the answer's readiness). */
    static TemplateReadiness cleaned(TemplateReadiness readiness) {
        return readiness.reason() == null ? readiness
                : new TemplateReadiness(readiness.status(), readiness.progress(), withoutClassNames(readiness.reason()));
    }

    static String withoutClassNames(String reason) {
        if (reason == null || reason.isBlank()) {
            return "no reason given";
        }
        return CLASS_NAME.matcher(reason).replaceAll("").replaceAll("\\(\\s*", "(").replaceAll("\\s+\\)", ")").strip();
    }
}
