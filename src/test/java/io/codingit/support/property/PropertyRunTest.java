package io.codingit.support.property;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The property runner itself: reproducible cases, failures that name their seed, honest discards. */
class PropertyRunTest {
    private static final Gen<String> WORDS = Gen.strings("abc", 0, 5);

    @Test
    void oneRunSeedAlwaysGivesTheSameCases() {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        PropertyRun.of("a#b", 42, 200, 5).forAll(WORDS, first::add);
        PropertyRun.of("a#b", 42, 200, 5).forAll(WORDS, second::add);
        assertThat(first).hasSize(200).isEqualTo(second);
        assertThat(first).contains("");
        assertThat(new java.util.HashSet<>(first)).hasSizeGreaterThan(50);
    }

    @Test
    void aFailureNamesTheCaseSeedAndItsReplayFindsTheSameValue() {
        PropertyRun run = PropertyRun.of("io.example.Props#noC", 7, 1000, 5);
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                () -> run.forAll(WORDS, word -> assertThat(word).doesNotContain("c")));
        assertThat(failure).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Props#noC failed on case")
                .hasMessageContaining("-Dtest='Props#noC' -D" + PropertyRuns.SEED + "=0x");
        String message = failure.getMessage();
        String seed = message.substring(message.indexOf("case seed ") + "case seed ".length(), message.indexOf(')'));
        String value = message.substring(message.indexOf("value: ") + "value: ".length(), message.indexOf('\n',
                message.indexOf("value: ")));
        assertThat(WORDS.next(new SplittableRandom(PropertyRuns.parseSeed(seed)))).isEqualTo(value).contains("c");

        List<String> replayed = new ArrayList<>();
        PropertyRun.replay("io.example.Props#noC", PropertyRuns.parseSeed(seed), 5).forAll(WORDS, replayed::add);
        assertThat(replayed).containsExactly(value);
    }

    @Test
    void aRunThatDiscardsAlmostEverythingFails() {
        assertThatThrownBy(() -> PropertyRun.of("a#b", 1, 600, 5).forAll(Gen.longs(0, 99),
                n -> PropertyRun.assume(n == 0)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("discarded by assume()");
    }

    @Test
    void theFixedSeedDependsOnlyOnThePropertyName() {
        assertThat(PropertyRuns.fixedSeed("a.B#c")).isEqualTo(PropertyRuns.fixedSeed("a.B#c"))
                .isNotEqualTo(PropertyRuns.fixedSeed("a.B#d"));
        assertThat(PropertyRuns.parseSeed("0xffffffffffffffff")).isEqualTo(-1L);
    }
}
