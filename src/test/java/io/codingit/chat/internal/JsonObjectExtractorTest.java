package io.codingit.chat.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonObjectExtractorTest {

    private static List<String> parts(JsonObjectExtractor extractor, String... chunks) {
        List<String> parts = new ArrayList<>();
        for (String chunk : chunks) {
            parts.add(extractor.accept(chunk));
        }
        return parts;
    }

    @Test
    void passesOnlyTheFirstObjectChunkByChunkWithoutProseFencesOrWhatFollows() {
        JsonObjectExtractor extractor = new JsonObjectExtractor();

        List<String> parts = parts(extractor, "Here it is:\n```json\n", "{\"a\":", "\"}{[\"", ",\"b\":[1,{}]", "}\n```", " bye {}");

        assertThat(parts).containsExactly("", "{\"a\":", "\"}{[\"", ",\"b\":[1,{}]", "}", "");
        assertThat(extractor.complete()).isTrue();
        assertThat(extractor.object()).isEqualTo("{\"a\":\"}{[\",\"b\":[1,{}]}");
    }

    @Test
    void anObjectOpenedAndClosedInsideOneChunkIsCutOutOfIt() {
        JsonObjectExtractor extractor = new JsonObjectExtractor();

        assertThat(extractor.accept("x {\"s\":\"a\\\"}\"} y")).isEqualTo("{\"s\":\"a\\\"}\"}");
        assertThat(extractor.complete()).isTrue();
    }

    @Test
    void anUnfinishedObjectIsNotComplete() {
        JsonObjectExtractor extractor = new JsonObjectExtractor();

        assertThat(parts(extractor, "{\"a\":", "{")).containsExactly("{\"a\":", "{");
        assertThat(extractor.complete()).isFalse();
        assertThat(extractor.object()).isEqualTo("{\"a\":{");
    }
}
