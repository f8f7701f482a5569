package io.codingit.web;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes the error body from MVC handlers and from servlet filters alike. */
public final class ErrorResponses {
    private ErrorResponses() {
    }

    public static ResponseEntity<ErrorBody> of(HttpStatus status, String message, String code) {
        return of(status, message, code, null);
    }

    /** The error answer, logged once ({@link ErrorLog}) with the failure that caused it. */
    public static ResponseEntity<ErrorBody> of(HttpStatus status, String message, String code, Throwable cause) {
        ErrorLog.answered(status.value(), message, cause);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(ErrorBody.of(message, code));
    }

    /** For filters, which run outside MVC: a hand-escaped body keeps this free of a JSON mapper. */
    public static void write(HttpServletResponse response, int status, String message, String code) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        ErrorLog.answered(status, message, null);
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"error\":true,\"message\":\"" + escape(message) + "\",\"code\":\""
                + escape(code) + "\"}");
        response.flushBuffer();
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
