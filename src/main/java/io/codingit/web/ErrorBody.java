package io.codingit.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The one error body of the API: {@code {"error": true, "message": "...", "code": "..."}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(boolean error, String message, String code, String detail) {
    public static ErrorBody of(String message, String code) {
        return new ErrorBody(true, message, code, null);
    }
}
