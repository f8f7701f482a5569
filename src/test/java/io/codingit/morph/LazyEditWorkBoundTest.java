package io.codingit.morph;

import static org.assertj.core.api.Assertions.assertThat;

import io.codingit.support.property.Gen;
import io.codingit.support.property.PropertyRun;
import io.codingit.support.property.PropertyTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No input makes the engine do more than O(n log n) work (issue 17): the alignment cells it computes, counted
 * by a {@link WorkMeter} (no clock involved), stay within {@link Alignment#workBudget} for any original and
 * update, including the worst shapes (every line the same, blank lines next to every marker, updates as long
 * as the file); past that budget the engine refuses before doing the work. A scaling check on the worst
 * family shows the count growing like n log n, not n².
 */
class LazyEditWorkBoundTest {

    private static final String MARKER = "// ... existing code ...";
    /** Few distinct lines, so every line repeats: the hardest case for finding places. */
    private static final List<String> LINES = List.of("}", "", "x++;", "return x;", "if (x) {", "  }", "foo();");

    record Input(String original, String update) {
    }

    private static final Gen<Input> INPUTS = random -> {
        int originalLines = random.nextInt(4) == 0 ? 1 + random.nextInt(6000) : 1 + random.nextInt(300);
        List<String> original = new ArrayList<>(originalLines);
        int vocabulary = 1 + random.nextInt(LINES.size());
        for (int i = 0; i < originalLines; i++) {
            original.add(LINES.get(random.nextInt(vocabulary)));
        }
        int updateLines = 1 + random.nextInt(Math.max(1, random.nextBoolean() ? originalLines : 40));
        StringBuilder update = new StringBuilder();
        for (int i = 0; i < updateLines; i++) {
            int draw = random.nextInt(10);
            update.append(draw == 0 ? MARKER : draw == 1 ? "new_" + i + "();" : LINES.get(random.nextInt(vocabulary)))
                    .append('\n');
        }
        return new Input(String.join("\n", original) + "\n", update.toString());
    };

    @PropertyTest(cases = 300)
    void workStaysWithinTheBudgetForAnyInput(PropertyRun run) {
        run.forAll(INPUTS, input -> {
            WorkMeter meter = new WorkMeter();
            try {
                new LazyEditEngine().apply(input.original(), input.update(), meter);
                run.collect("applied");
            } catch (EditNotPlaceableException refused) {
                run.collect("refused " + refused.reason());
            }
            int originalLines = Lines.split(input.original()).size();
            int updateLines = Lines.split(input.update()).size();
            assertThat(meter.cells()).as("cells for %d original and %d update lines", originalLines, updateLines)
                    .isLessThanOrEqualTo(Alignment.workBudget(originalLines, updateLines));
        });
    }

    /**
     * The worst shape for a fixed snippet: n identical lines, so every run may go anywhere; n doubling from
     * 2,000 to 64,000 lines. The work must grow like n (log n), never like n².
     */
    @Test
    void workOnTheWorstShapeGrowsLinearlyWithTheFile() {
        String update = MARKER + "\n" + "}\nnew();\n".repeat(10) + "}\n" + MARKER + "\n";
        long previous = 0;
        for (int n = 2_000; n <= 64_000; n *= 2) {
            WorkMeter meter = new WorkMeter();
            try {
                new LazyEditEngine().apply("}\n".repeat(n), update, meter);
            } catch (EditNotPlaceableException refused) {
                // ambiguous, as it must be: the work done deciding that is what counts
            }
            assertThat(meter.cells()).as("the alignment ran for n=%d", n).isPositive();
            if (previous > 0) {
                // doubling n doubles n and a little more than doubles n log n; n² would quadruple
                assertThat((double) meter.cells() / previous).as("growth from n=%d to n=%d", n / 2, n)
                        .isLessThan(2.5);
            }
            previous = meter.cells();
        }
    }
}
