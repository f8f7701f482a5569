package io.codingit.auth.internal;

import org.junit.jupiter.api.Test;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The compact word set behind the password blocklist: exact, case-insensitive membership. */
class CommonPasswordsTest {
    private final CommonPasswords words = CommonPasswords.of(Stream.of(
            "  dragon ", "", "Monkey", "monkey", "abc", "abcd", "ab", "zzz", "straße", "   ", "ÄRGER"));

    @Test
    void keepsEachTrimmedLowerCasedWordOnceAndSkipsBlankLines() {
        assertThat(words.size()).isEqualTo(8); // dragon, monkey, abc, abcd, ab, zzz, straße, ärger
    }

    @Test
    void findsEveryWordWhateverItsCase() {
        for (String word : new String[] {"dragon", "DRAGON", "monkey", "MoNkEy", "abc", "abcd", "ab", "zzz",
                "Straße", "ärger", "Ärger"}) {
            assertThat(words.contains(word)).as(word).isTrue();
        }
    }

    @Test
    void aPrefixAnExtensionOrANeighbourIsNotAMember() {
        for (String word : new String[] {"a", "abcde", "dragons", "drago", "aaa", "zzzz", "", " dragon", "strasse",
                "mon key"}) {
            assertThat(words.contains(word)).as(word).isFalse();
        }
    }

    @Test
    void anEmptyListHoldsNothing() {
        CommonPasswords none = CommonPasswords.of(Stream.of("", "  "));
        assertThat(none.size()).isZero();
        assertThat(none.contains("")).isFalse();
        assertThat(none.contains("abc")).isFalse();
    }
}
