package io.codingit.bench.morph;

import io.codingit.morph.EditInputException;
import io.codingit.morph.EditLimits;
import io.codingit.morph.EditNotPlaceableException;
import io.codingit.morph.LazyEditEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accuracy of the local engine on a corpus of real edits, per language: correct (the merged file equals the
 * expected one; whether it ends with a newline does not count, a snippet cannot say), refused (the engine
 * declined with a reason) and silently wrong (anything else), and its speed on that corpus in tokens/s
 * (characters of the merged files / 4, over the time spent applying, after one warm-up pass).
 *
 * <p>The corpus is a path: a JSON-lines file in the format of the development set
 * ({@code ../shared/morph-dev/cases.jsonl}: id, lang, original, update, expected), read from where it is and
 * never copied, or a directory of cases {@code <id>/original.<ext>, update.<ext>, expected.<ext>} (the
 * repository's own corpus, {@code src/test/resources/morph/cases}).
 */
public final class AccuracyBench {

    record Case(String id, String language, String original, String update, String expected) {
    }

    enum Outcome { CORRECT, REFUSED, WRONG }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: AccuracyBench <cases.jsonl | corpus directory>");
            System.exit(2);
        }
        Path corpus = Path.of(args[0]);
        List<Case> cases = Files.isDirectory(corpus) ? directoryCases(corpus) : jsonLinesCases(corpus);
        LazyEditEngine engine = new LazyEditEngine();
        run(engine, cases, null);
        Map<String, int[]> counts = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        long[] timing = new long[2];
        run(engine, cases, (c, outcome, nanos, chars) -> {
            counts.computeIfAbsent(c.language(), k -> new int[3])[outcome.ordinal()]++;
            counts.computeIfAbsent("all", k -> new int[3])[outcome.ordinal()]++;
            timing[0] += nanos;
            timing[1] += chars;
            if (outcome == Outcome.WRONG) {
                wrong.add(c.id());
            }
        });
        System.out.printf("corpus: %s (%d cases)%n%n", corpus, cases.size());
        System.out.println("| language | cases | correct | refused | silently wrong |");
        System.out.println("| --- | ---: | ---: | ---: | ---: |");
        counts.forEach((language, n) -> {
            int total = n[0] + n[1] + n[2];
            System.out.printf("| %s | %d | %.1f %% | %.1f %% | %.1f %% |%n", language, total, 100.0 * n[0] / total,
                    100.0 * n[1] / total, 100.0 * n[2] / total);
        });
        double seconds = timing[0] / 1e9;
        System.out.printf("%nspeed: %.0f tokens/s (%d merged characters / 4 in %.3f s of applying, refusals included)%n",
                timing[1] / 4.0 / seconds, timing[1], seconds);
        System.out.println("silently wrong: " + wrong);
    }

    interface Sink {
        void accept(Case c, Outcome outcome, long nanos, long mergedChars);
    }

    private static void run(LazyEditEngine engine, List<Case> cases, Sink sink) {
        for (Case c : cases) {
            long start = System.nanoTime();
            Outcome outcome;
            long chars = 0;
            try {
                EditLimits.DEFAULT.check(c.original(), c.update());
                String merged = engine.apply(c.original(), c.update()).merged();
                chars = merged.length();
                outcome = withNewline(merged).equals(withNewline(c.expected())) ? Outcome.CORRECT : Outcome.WRONG;
            } catch (EditNotPlaceableException | EditInputException refused) {
                outcome = Outcome.REFUSED;
            } catch (RuntimeException crash) {
                outcome = Outcome.WRONG;
            }
            long nanos = System.nanoTime() - start;
            if (sink != null) {
                sink.accept(c, outcome, nanos, chars);
            }
        }
    }

    private static String withNewline(String text) {
        return text.endsWith("\n") ? text : text + "\n";
    }

    private static List<Case> jsonLinesCases(Path file) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode c = json.readTree(line);
            cases.add(new Case(c.path("id").asString(), c.path("lang").asString("?"), c.path("original").asString(),
                    c.path("update").asString(), c.path("expected").asString()));
        }
        return cases;
    }

    private static List<Case> directoryCases(Path root) throws IOException {
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> directories = Files.list(root)) {
            for (Path directory : directories.filter(Files::isDirectory).sorted().toList()) {
                Path original = file(directory, "original");
                String name = original.getFileName().toString();
                String language = name.substring(name.indexOf('.') + 1);
                cases.add(new Case(directory.getFileName().toString(), language, Files.readString(original),
                        Files.readString(file(directory, "update")), Files.readString(file(directory, "expected"))));
            }
        }
        return cases;
    }

    private static Path file(Path directory, String name) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().startsWith(name + "."))
                    .findFirst().orElseThrow(() -> new IOException("no " + name + " file in " + directory));
        }
    }
}
