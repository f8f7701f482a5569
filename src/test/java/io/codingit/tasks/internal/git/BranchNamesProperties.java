package io.codingit.tasks.internal.git;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.eclipse.jgit.lib.Repository;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class BranchNamesProperties {

    @Property(tries = 2000)
    void everyPromptGivesAValidShortRef(@ForAll String prompt, @ForAll @LongRange long seed) {
        String branch = BranchNames.forPrompt(prompt, new SplittableRandom(seed));
        assertThat(branch).hasSizeLessThanOrEqualTo(BranchNames.MAX_LENGTH)
                .matches("codingit/[a-z0-9]+(-[a-z0-9]+)*-[a-z0-9]{6}");
        assertThat(Repository.isValidRefName("refs/heads/" + branch)).as(branch).isTrue();
    }

    @Property
    void theSlugKeepsTheWordsOfAsciiPrompts(@ForAll("words") String prompt) {
        String slug = BranchNames.slug(prompt);
        assertThat(prompt.toLowerCase().replaceAll("[^a-z0-9]+", "-")).startsWith(slug);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> words() {
        return net.jqwik.api.Arbitraries.strings().withChars("abcXYZ019 _-./").ofMinLength(1).ofMaxLength(80)
                .filter(s -> s.matches(".*[A-Za-z0-9].*") && s.matches("^[A-Za-z0-9].*"));
    }

    @net.jqwik.api.Example
    void examples() {
        assertThat(BranchNames.slug("Fix the typo in README.md!")).isEqualTo("fix-the-typo-in-readme-md");
        assertThat(BranchNames.slug("Ünïcödé café")).isEqualTo("unicode-cafe");
        assertThat(BranchNames.slug("!!!")).isEqualTo("task");
        assertThat(BranchNames.slug("../../refs/heads/main.lock")).isEqualTo("refs-heads-main-lock");
    }
}
