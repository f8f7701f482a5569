package io.codingit.tasks.internal.git;

import io.codingit.tasks.internal.TaskFailedException;
import org.eclipse.jgit.ignore.IgnoreNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The linear-time {@code .gitignore} matcher (security finding 3): it decides as JGit's own matcher does on
 * ordinary patterns, and a pattern that makes a backtracking matcher run for minutes is matched at once.
 */
class IgnoreRulesTest {
    static final List<String> PATTERNS = List.of(
            "*.log", "!keep.log", "build/", "/dist", "doc/*.txt", "**/tmp", "logs/**", "a/**/z", "**/cache/**",
            "*.py[cod]", "[!a]*.md", "[^b]x", "file?.txt", "\\#hash", "\\!bang", "trailing\\ ", "spaces   ",
            "node_modules", ".env", ".env.*", "!/.env.example", "*~", "[[:digit:]]*.tmp", "x[a-c]y", "/root.txt",
            "sub/inner/", "foo**bar", "**", "# a comment", "", "deep/**/*.o", "*.[oa]", "[]]x", "a\\*b", "dir/", "/only/top/");
    static final List<String> PATHS = List.of(
            "app.log", "keep.log", "logs/keep.log", "build", "build/out.js", "src/build/x", "dist", "src/dist",
            "doc/a.txt", "doc/sub/a.txt", "tmp", "x/y/tmp", "logs/a/b", "a/z", "a/b/c/z", "q/cache/r", "cache/r",
            "m.pyc", "m.pyx", "b.md", "a.md", "ax", "bx", "file1.txt", "file10.txt", "#hash", "!bang", "trailing ",
            "spaces", "node_modules", "web/node_modules/x.js", ".env", ".env.local", ".env.example", "x~", "7.tmp",
            "x.tmp", "xby", "xdy", "root.txt", "s/root.txt", "sub/inner", "sub/inner/f", "fooXbar", "foo/bar",
            "deep/x.o", "deep/q/r/x.o", "lib.a", "]x", "a*b", "aXb", "dir", "dir/f", "only/top", "z/only/top", "plain.txt");

    @Test
    void decidesAsJGitDoesForOrdinaryPatterns() throws IOException {
        for (int size = 1; size <= PATTERNS.size(); size += 5) {
            for (int from = 0; from + size <= PATTERNS.size(); from += 3) {
                String content = String.join("\n", PATTERNS.subList(from, from + size)) + "\n";
                IgnoreRules ours = new IgnoreRules();
                ours.add("", content.getBytes(StandardCharsets.UTF_8));
                IgnoreNode jgit = new IgnoreNode();
                jgit.parse(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
                for (String path : PATHS) {
                    assertThat(ours.isIgnored(path)).as("%s against:%n%s", path, content).isEqualTo(jgitIgnores(jgit, path));
                }
            }
        }
    }

    @Test
    void deeperFilesDecideAndAnIgnoredDirectoryHidesItsContent() {
        IgnoreRules rules = new IgnoreRules();
        rules.add("", "*.log\nout/\n".getBytes(StandardCharsets.UTF_8));
        rules.add("web", "!debug.log\n/local.txt\n".getBytes(StandardCharsets.UTF_8));

        assertThat(rules.isIgnored("a.log")).isTrue();
        assertThat(rules.isIgnored("web/debug.log")).isFalse();
        assertThat(rules.isIgnored("web/other.log")).isTrue();
        assertThat(rules.isIgnored("web/local.txt")).isTrue();
        assertThat(rules.isIgnored("web/x/local.txt")).isFalse();
        assertThat(rules.isIgnored("out/debug.log")).isTrue();
        assertThat(rules.isIgnored("out/web/keep.txt")).isTrue();
    }

    /** The pattern: JGit took 16 s for ten wildcards on 40 characters; here 30 on 4096 are instant. */
    @Test
    void thePathologicalPatternFromTheReportIsMatchedAtOnce() {
        String pattern = "*a".repeat(30) + "*b\n";
        IgnoreRules rules = new IgnoreRules();
        rules.add("", (pattern.repeat(100) + "!" + pattern).getBytes(StandardCharsets.UTF_8));
        List<String> paths = new ArrayList<>();
        for (int length : new int[] {40, 80, 255}) {
            paths.add("a".repeat(length));
            paths.add("dir/" + "a".repeat(length));
        }
        paths.add(("a".repeat(250) + "/").repeat(16) + "a".repeat(250));

        // a generous bound against the minutes (and for these lengths, years) of a backtracking matcher
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (String path : paths) {
                assertThat(rules.isIgnored(path)).as(path).isFalse();
            }
            assertThat(rules.isIgnored("a".repeat(40) + "b")).isFalse(); // the last line re-includes it
        });
    }

    @Test
    void tooManyPatternsOrAnOverlongLineFailTheTaskInsteadOfCommittingIgnoredFiles() {
        IgnoreRules rules = new IgnoreRules();
        assertThatThrownBy(() -> rules.add("", "x\n".repeat(IgnoreRules.MAX_PATTERNS + 1).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(TaskFailedException.class).hasMessageContaining("patterns");
        assertThatThrownBy(() -> new IgnoreRules().add("sub", ("*" + "a".repeat(IgnorePattern.MAX_LENGTH)).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(TaskFailedException.class).hasMessageContaining("sub/.gitignore");
    }

    @Test
    void invalidPatternsMatchNothing() {
        IgnoreRules rules = new IgnoreRules();
        rules.add("", "[abc\ntrailing\\\n[[:nope:]]x\n".getBytes(StandardCharsets.UTF_8));
        assertThat(rules.isIgnored("[abc")).isFalse();
        assertThat(rules.isIgnored("a")).isFalse();
        assertThat(rules.isIgnored("trailing")).isFalse();
    }

    /** JGit's answer as git applies it: a parent directory that is ignored hides the path. */
    private static boolean jgitIgnores(IgnoreNode node, String path) {
        int slash = -1;
        while ((slash = path.indexOf('/', slash + 1)) >= 0) {
            if (node.isIgnored(path.substring(0, slash), true) == IgnoreNode.MatchResult.IGNORED) {
                return true;
            }
        }
        return node.isIgnored(path, false) == IgnoreNode.MatchResult.IGNORED;
    }
}
