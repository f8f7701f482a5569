package io.codingit.sandbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * One displayable result of a cell, in E2B's {@code Result} shape: each field is one representation
 * (absent when the value has none). {@code png}, {@code jpeg} and {@code pdf} are base64.
 *
 * @param json         an {@code application/json} representation (any JSON value)
 * @param data         an {@code application/vnd.dataresource+json} representation, if the value offered one
 * @param chart        E2B's interactive chart description; not extracted by this interpreter, always null
 * @param extra        every other MIME type, by type
 * @param isMainResult true for the value of the cell's last expression, false for display()/plt.show() output
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CellResult(String text, String html, String markdown, String svg, String png, String jpeg, String pdf,
                         String latex, Object json, String javascript, Object data, Object chart,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> extra,
                         @JsonProperty("isMainResult") boolean isMainResult) {
    public CellResult {
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }
}
