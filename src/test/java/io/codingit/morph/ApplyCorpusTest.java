package io.codingit.morph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Exact-match accuracy of the engine on the corpus in src/test/resources/morph: cases/ (built by
 * generate_corpus.py from realistic edits of the files in base/; the expected files come from the edits,
 * not from the engine) and hand/ (written by hand).
 */
class ApplyCorpusTest {

    private static final double REQUIRED_ACCURACY = 0.98;

    record Case(String id, String original, String update, String expected) {
    }

    @Test
    void engineReproducesAtLeast98PercentOfTheCorpusExactly() throws Exception {
        List<Case> cases = loadCases();
        var engine = new LazyEditEngine();
        List<String> misses = new ArrayList<>();
        for (Case c : cases) {
            try {
                String merged = engine.apply(c.original(), c.update()).merged();
                if (!merged.equals(c.expected())) {
                    misses.add(c.id() + ": merged file differs from the expected one");
                }
            } catch (EditNotPlaceableException notPlaceable) {
                misses.add(c.id() + ": not placeable: " + notPlaceable.getMessage());
            }
        }
        int exact = cases.size() - misses.size();
        double accuracy = (double) exact / cases.size();
        System.out.printf("Morph apply corpus: %d of %d cases exact (%.2f %%)%n", exact, cases.size(), accuracy * 100);
        misses.forEach(miss -> System.out.println("  miss " + miss));

        assertThat(cases).hasSizeGreaterThanOrEqualTo(200);
        assertThat(accuracy).as("exact-match accuracy; misses: %s", misses).isGreaterThanOrEqualTo(REQUIRED_ACCURACY);
    }

    /** The generated cases and the hand-written ones (hand/: model quirks such as tabs, fences, odd markers). */
    private static List<Case> loadCases() throws IOException, URISyntaxException {
        List<Case> cases = new ArrayList<>();
        for (String folder : List.of("/morph/cases", "/morph/hand")) {
            Path root = Path.of(ApplyCorpusTest.class.getResource(folder).toURI());
            try (Stream<Path> directories = Files.list(root)) {
                for (Path directory : directories.sorted().toList()) {
                    cases.add(new Case(root.getFileName() + "/" + directory.getFileName(), read(directory, "original"),
                            read(directory, "update"), read(directory, "expected")));
                }
            }
        }
        return cases;
    }

    private static String read(Path directory, String name) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            Path file = files.filter(f -> f.getFileName().toString().startsWith(name + "."))
                    .findFirst().orElseThrow(() -> new IOException("no " + name + " file in " + directory));
            return Files.readString(file);
        }
    }
}
