package io.codingit.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkspacePathTest {

    @Test
    void dropsLeadingAndTrailingSlashesOnly() {
        assertThat(WorkspacePath.of("/src/index.js/").value()).isEqualTo("src/index.js");
        assertThat(WorkspacePath.of("src").value()).isEqualTo("src");
        assertThat(WorkspacePath.of("a b/ü/日本語.txt").value()).isEqualTo("a b/ü/日本語.txt");
    }

    @Test
    void knowsNameParentAndAncestors() {
        WorkspacePath path = WorkspacePath.of("a/b/c.txt");
        assertThat(path.name()).isEqualTo("c.txt");
        assertThat(path.parentValue()).isEqualTo("a/b");
        assertThat(path.ancestors()).extracting(WorkspacePath::value).containsExactly("a", "a/b");
        assertThat(path.depth()).isEqualTo(3);
        assertThat(WorkspacePath.of("top").parentValue()).isNull();
    }

    @Test
    void descendantMeansBelowASegmentBoundary() {
        WorkspacePath src = WorkspacePath.of("src");
        assertThat(WorkspacePath.of("src/a").isDescendantOf(src)).isTrue();
        assertThat(WorkspacePath.of("src2/a").isDescendantOf(src)).isFalse();
        assertThat(WorkspacePath.of("src2").isSameOrDescendantOf(src)).isFalse();
        assertThat(src.isDescendantOf(src)).isFalse();
        assertThat(src.isSameOrDescendantOf(src)).isTrue();
    }

    @Test
    void rebasesUnderANewRoot() {
        WorkspacePath moved = WorkspacePath.of("src/lib/a.js").rebase(WorkspacePath.of("src"), WorkspacePath.of("app/code"));
        assertThat(moved.value()).isEqualTo("app/code/lib/a.js");
        assertThatThrownBy(() -> WorkspacePath.of("src2/a").rebase(WorkspacePath.of("src"), WorkspacePath.of("x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resolvesInsideTheRoot() {
        Path root = Path.of("/srv/ws/alice");
        assertThat(WorkspacePath.of("a/b").resolveAgainst(root)).isEqualTo(Path.of("/srv/ws/alice/a/b"));
    }

    @ParameterizedTest(name = "{0} breaks {1}")
    @CsvSource(delimiter = '|', value = {
            "''|not-empty",
            "'/'|not-empty",
            "'///'|not-empty",
            "a//b|no-empty-segments",
            "..|no-dot-segments",
            "a/../b|no-dot-segments",
            "./a|no-dot-segments",
            "a/.|no-dot-segments",
            "'a\\b'|no-backslash",
            "'..\\etc'|no-backslash",
            "a/\u202Eexe.txt|no-invisible-characters",
            "a\u200Bb|no-invisible-characters",
            "\uFEFFa|no-invisible-characters",
            "a\u00A0b|no-invisible-characters",
            "a\u3164b|no-invisible-characters",
            "a\uFF0Fb|no-lookalike-separators",
            "a\u2215b|no-lookalike-separators",
            "a\uFF3Cb|no-lookalike-separators",
            "\uFF0E\uFF0E/x|no-dot-segments",
            "\u2025|no-dot-segments",
            "a/\u2024|no-dot-segments",
            "cafe\u0301|unicode-nfc",
            "' a'|no-edge-whitespace",
            "'a /b'|no-edge-whitespace",
            "a\uFFFEb|valid-unicode",
    })
    void refusesNamingTheRule(String raw, String rule) {
        assertThatThrownBy(() -> WorkspacePath.of(raw))
                .isInstanceOf(InvalidPathException.class)
                .hasMessageContaining("rule: " + rule);
    }

    @Test
    void refusesControlCharactersNulAndLoneSurrogates() {
        assertRule("a\u0000b", PathRule.NO_NUL);
        assertRule("a\nb", PathRule.NO_CONTROL_CHARACTERS);
        assertRule("a\u007Fb", PathRule.NO_CONTROL_CHARACTERS);
        assertRule("a\u2028b", PathRule.NO_CONTROL_CHARACTERS);
        assertRule("a\uD800b", PathRule.VALID_UNICODE);
        assertRule(null, PathRule.REQUIRED);
    }

    @Test
    void enforcesLengthLimits() {
        String segment = "x".repeat(255);
        assertThat(WorkspacePath.of(segment).value()).hasSize(255);
        assertRule("x".repeat(256), PathRule.MAX_SEGMENT_BYTES);
        assertRule("é".repeat(128), PathRule.MAX_SEGMENT_BYTES);
        String longest = String.join("/", List.of("a".repeat(200), "b".repeat(200), "c".repeat(200),
                "d".repeat(200), "e".repeat(219)));
        assertThat(longest).hasSize(1023);
        assertThat(WorkspacePath.of(longest + "f").value()).hasSize(1024);
        assertRule(longest + "fg", PathRule.MAX_LENGTH);
        String wide = String.join("/", java.util.Collections.nCopies(10, "日".repeat(70)));
        assertRule(wide, PathRule.MAX_LENGTH);
    }

    @Test
    void messagesShowTheOffendingCharacterEscaped() {
        assertThatThrownBy(() -> WorkspacePath.of("bad\u0000name"))
                .hasMessageContaining("U+0000")
                .hasMessageNotContaining("\u0000");
    }

    private static void assertRule(String raw, PathRule rule) {
        assertThatThrownBy(() -> WorkspacePath.of(raw))
                .isInstanceOfSatisfying(InvalidPathException.class, e -> assertThat(e.rule()).isEqualTo(rule));
    }
}
