package io.codingit.files.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NaturalOrderTest {
    @Test
    void ordersNumbersByValueAndLettersIgnoringCase() {
        List<String> names = new ArrayList<>(List.of("file10.js", "File2.js", "file1.js", "file01.js", "b", "A", "a",
                "x100", "x20", "x3", "v1.10", "v1.9", "README", "readme.md", "-dash", "99bottles", "Z"));

        names.sort(NaturalOrder.INSTANCE);

        assertThat(names).containsExactly("-dash", "99bottles", "A", "a", "b", "file01.js", "file1.js", "File2.js",
                "file10.js", "README", "readme.md", "v1.9", "v1.10", "x3", "x20", "x100", "Z");
    }

    @Test
    void handlesHugeNumbersWithoutOverflow() {
        List<String> names = new ArrayList<>(List.of("n123456789012345678901234567890", "n99999999999999999999", "n5"));

        names.sort(NaturalOrder.INSTANCE);

        assertThat(names).containsExactly("n5", "n99999999999999999999", "n123456789012345678901234567890");
    }
}
