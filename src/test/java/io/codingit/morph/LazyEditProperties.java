package io.codingit.morph;

import static org.assertj.core.api.Assertions.assertThat;

import io.codingit.support.property.Gen;
import io.codingit.support.property.PropertyRun;
import io.codingit.support.property.PropertyTest;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Random originals (from a small vocabulary, so lines repeat as braces and returns do in real code) and
 * random lazy edits generated from a known target: the engine returns the target or a clean
 * {@link EditNotPlaceableException}, never another exception and never a file that lost original lines
 * outside the edited spans (for snippets written as a model is instructed: unique context).
 */
class LazyEditProperties {

    private static final String MARKER = "// ... existing code ...";
    private static final List<String> VOCABULARY = List.of(
            "}", "", "return x;", "x = 1;", "x = 2;", "if (x) {", "} else {", "for (i of xs) {", "i++;", "log(x);",
            "function f() {", "function g() {", "const y = x;", "  return y;", "  x++;", "});", "</div>");

    /** One scenario: the original, the target, the lazy update and the original lines no edit touched. */
    record Scenario(List<String> original, List<String> target, String update, List<Integer> untouched) {

        String originalText() {
            return String.join("\n", original) + "\n";
        }

        String targetText() {
            return String.join("\n", target) + "\n";
        }

        List<String> untouchedLines() {
            return untouched.stream().map(original::get).toList();
        }
    }

    private final LazyEditEngine engine = new LazyEditEngine();

    @PropertyTest(cases = 2000)
    void modelStyleEditsGiveTheTargetOrACleanError(PropertyRun run) {
        run.forAll(MODEL_STYLE_EDITS, scenario -> {
            // a snippet without markers is read by the no-marker rule (region or whole file), tested on its own
            PropertyRun.assume(scenario.update().contains(MARKER));
            try {
                String merged = engine.apply(scenario.originalText(), scenario.update()).merged();
                String diagnostics = "original:\n" + scenario.originalText() + "\nupdate:\n" + scenario.update();
                assertThat(isSubsequence(scenario.untouchedLines(), Lines.split(merged)))
                        .as("no original line outside the edited spans is lost; %s", diagnostics).isTrue();
                assertThat(merged).as(diagnostics).isEqualTo(scenario.targetText());
                run.collect("target");
            } catch (EditNotPlaceableException cleanError) {
                assertThat(cleanError.getMessage()).isNotBlank();
                run.collect("clean error " + cleanError.reason());
            }
        });
    }

    /**
     * Sloppy snippets (context that is missing or not unique, new lines that repeat original ones) can be read
     * several ways; the engine may then place them differently from the generating target (docs/morph.md),
     * but it never fails with anything but the clean error and always returns a well-formed result.
     */
    @PropertyTest(cases = 2000)
    void sloppyEditsNeverThrowAnythingButTheCleanError(PropertyRun run) {
        run.forAll(SLOPPY_EDITS, scenario -> {
            try {
                ApplyResult result = engine.apply(scenario.originalText(), scenario.update());
                assertThat(result.merged()).endsWith("\n");
                for (PlacedRegion region : result.regions()) {
                    assertThat(region.originalStart()).isBetween(0, region.originalEnd());
                    assertThat(region.originalEnd()).isLessThanOrEqualTo(scenario.original().size());
                }
            } catch (EditNotPlaceableException cleanError) {
                assertThat(cleanError.getMessage()).isNotBlank();
            }
        });
    }

    /**
     * Edits whose new lines are new text, with one to three lines of context around each, widened as a model
     * is told to until the context ends on code and occurs only once in the original.
     */
    private static final Gen<Scenario> MODEL_STYLE_EDITS = random -> scenario(random, true);

    /** Edits whose new lines may repeat original lines, with zero to three lines of context. */
    private static final Gen<Scenario> SLOPPY_EDITS = random -> scenario(random, false);

    private static Scenario scenario(RandomGenerator random, boolean modelStyle) {
        List<String> original = new ArrayList<>();
        int size = 3 + random.nextInt(40);
        for (int i = 0; i < size; i++) {
            original.add(VOCABULARY.get(random.nextInt(VOCABULARY.size())));
        }
        // non-overlapping edits: replace, insert or delete, at increasing positions
        List<int[]> spans = new ArrayList<>();
        List<List<String>> replacements = new ArrayList<>();
        int cursor = 0;
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && cursor < size; e++) {
            int start = cursor + random.nextInt(Math.max(1, (size - cursor) / 2));
            int length = switch (random.nextInt(3)) {
                case 0 -> 0;                                   // insertion
                case 1 -> 1;                                   // one line changed or deleted
                default -> Math.min(1 + random.nextInt(3), size - start);
            };
            List<String> added = new ArrayList<>();
            int addedCount = length == 0 ? 1 + random.nextInt(3) : random.nextInt(3);
            for (int a = 0; a < addedCount; a++) {
                added.add(modelStyle ? "added_" + e + "_" + a + "();"
                        : VOCABULARY.get(random.nextInt(VOCABULARY.size())));
            }
            spans.add(new int[] {start, start + length});
            replacements.add(added);
            cursor = start + length + 1;
        }
        List<String> target = new ArrayList<>();
        List<int[]> hunks = new ArrayList<>();
        List<Integer> untouched = new ArrayList<>();
        int position = 0;
        for (int e = 0; e < spans.size(); e++) {
            int[] span = spans.get(e);
            for (int i = position; i < span[0]; i++) {
                untouched.add(i);
            }
            target.addAll(original.subList(position, span[0]));
            hunks.add(new int[] {target.size(), target.size() + replacements.get(e).size()});
            target.addAll(replacements.get(e));
            position = span[1];
        }
        for (int i = position; i < size; i++) {
            untouched.add(i);
        }
        target.addAll(original.subList(position, size));
        return new Scenario(original, target,
                lazyUpdate(original, target, hunks, random, modelStyle ? 1 : 0), untouched);
    }

    /** The target with everything outside the hunks and their context elided by markers. */
    private static String lazyUpdate(List<String> original, List<String> target, List<int[]> hunks, RandomGenerator random,
                                     int minimumContext) {
        List<int[]> windows = new ArrayList<>();
        for (int[] hunk : hunks) {
            int before = minimumContext + random.nextInt(4 - minimumContext);
            int after = minimumContext + random.nextInt(4 - minimumContext);
            int low = Math.max(0, hunk[0] - before);
            int high = Math.min(target.size(), hunk[1] + after);
            // a model's context ends on code, not on a blank line (blank lines anchor nothing)
            while (minimumContext > 0 && low > 0
                    && (target.get(low).isBlank() || occurrences(original, target.subList(low, hunk[0])) != 1)) {
                low--;
            }
            while (minimumContext > 0 && high < target.size()
                    && (target.get(high - 1).isBlank() || occurrences(original, target.subList(hunk[1], high)) != 1)) {
                high++;
            }
            if (!windows.isEmpty() && low <= windows.getLast()[1]) {
                windows.getLast()[1] = Math.max(windows.getLast()[1], high);
            } else {
                windows.add(new int[] {low, high});
            }
        }
        StringBuilder update = new StringBuilder();
        for (int[] window : windows) {
            if (window[0] > 0) {
                update.append(MARKER).append('\n');
            }
            for (int i = window[0]; i < window[1]; i++) {
                update.append(target.get(i)).append('\n');
            }
        }
        if (windows.getLast()[1] < target.size()) {
            update.append(MARKER).append('\n');
        }
        return update.toString();
    }

    private static int occurrences(List<String> lines, List<String> block) {
        int count = 0;
        for (int i = 0; i + block.size() <= lines.size(); i++) {
            if (lines.subList(i, i + block.size()).equals(block)) {
                count++;
            }
        }
        return count;
    }

    private static boolean isSubsequence(List<String> wanted, List<String> actual) {
        int next = 0;
        for (String line : actual) {
            if (next < wanted.size() && line.equals(wanted.get(next))) {
                next++;
            }
        }
        return next == wanted.size();
    }
}
