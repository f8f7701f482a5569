package io.codingit.sandbox.interpreter;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class LineReaderTest {
    @Test
    void linesOverTheCapAreDiscardedAndReadingGoesOn() throws IOException {
        String input = "short\n" + "x".repeat(100) + "\nnext ü\npartial";
        LineReader reader = new LineReader(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), 50);

        assertThat(reader.readLine()).isEqualTo("short");
        assertThat(reader.readLine()).isSameAs(LineReader.OVERSIZED);
        assertThat(reader.readLine()).isEqualTo("next ü");
        assertThat(reader.readLine()).isNull(); // an unterminated last line is not an event
    }
}
