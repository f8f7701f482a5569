package io.codingit.tasks.internal.git;

import io.codingit.support.property.Gen;
import io.codingit.support.property.PropertyRun;
import io.codingit.support.property.PropertyTest;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class BranchNamesProperties {

    /** Any prompt (every UTF-16 code unit, lone surrogates too) and any non-negative seed. */
    private static final Gen<Gen.Pair<String, Long>> PROMPTS_AND_SEEDS =
            Gen.pairs(Gen.strings(), Gen.longs(0, Long.MAX_VALUE));
    private static final Gen<String> WORDS = Gen.strings("abcXYZ019 _-./", 1, 80)
            .filter(s -> s.matches(".*[A-Za-z0-9].*") && s.matches("^[A-Za-z0-9].*"));

    @PropertyTest(cases = 2000)
    void everyPromptGivesAValidShortRef(PropertyRun run) {
        run.forAll(PROMPTS_AND_SEEDS, promptAndSeed -> {
            String branch = BranchNames.forPrompt(promptAndSeed.first(), new SplittableRandom(promptAndSeed.second()));
            assertThat(branch).hasSizeLessThanOrEqualTo(BranchNames.MAX_LENGTH)
                    .matches("codingit/[a-z0-9]+(-[a-z0-9]+)*-[a-z0-9]{6}");
            assertThat(Repository.isValidRefName("refs/heads/" + branch)).as(branch).isTrue();
        });
    }

    @PropertyTest(cases = 1000)
    void theSlugKeepsTheWordsOfAsciiPrompts(PropertyRun run) {
        run.forAll(WORDS, prompt -> {
            String slug = BranchNames.slug(prompt);
            assertThat(prompt.toLowerCase().replaceAll("[^a-z0-9]+", "-")).startsWith(slug);
        });
    }

    @Test
    void examples() {
        assertThat(BranchNames.slug("Fix the typo in README.md!")).isEqualTo("fix-the-typo-in-readme-md");
        assertThat(BranchNames.slug("Ünïcödé café")).isEqualTo("unicode-cafe");
        assertThat(BranchNames.slug("!!!")).isEqualTo("task");
        assertThat(BranchNames.slug("../../refs/heads/main.lock")).isEqualTo("refs-heads-main-lock");
    }
}
