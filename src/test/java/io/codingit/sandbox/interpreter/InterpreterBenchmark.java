package io.codingit.sandbox.interpreter;

import io.codingit.CodingItApplication;
import io.codingit.sandbox.CodeInterpreter;
import io.codingit.sandbox.CodeInterpreters;
import io.codingit.sandbox.Execution;
import io.codingit.sandbox.Sandboxes;
import io.codingit.sandbox.spi.Sandbox;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Benchmark, not a test (bench/interpreter/README.md): the warm {@code 1+1} round trip from the Java client
 * to the driver inside a real bubblewrap sandbox, and the memory of an idle interpreter sandbox. Boots the
 * real server (random port, throwaway data directory) and uses its beans. Prints one JSON object.
 *
 * <p>Arguments: {@code cells warmup}.
 */
public final class InterpreterBenchmark {
    private InterpreterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int cells = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path dataDir = Files.createTempDirectory("codingit-bench-");
        ConfigurableApplicationContext app = SpringApplication.run(CodingItApplication.class,
                "--server.port=0", "--codingit.data-dir=" + dataDir, "--logging.level.root=WARN");
        try {
            Sandboxes sandboxes = app.getBean(Sandboxes.class);
            CodeInterpreters interpreters = app.getBean(CodeInterpreters.class);
            long createStart = System.nanoTime();
            Sandbox sandbox = sandboxes.create("bench-user", "code-interpreter-v1");
            CodeInterpreter interpreter = interpreters.of(sandbox);
            Execution first = interpreter.execute("1+1");
            double firstCellMs = (System.nanoTime() - createStart) / 1e6;
            require(first);
            for (int i = 0; i < warmup; i++) {
                require(interpreter.execute("1+1"));
            }
            List<Double> timings = new ArrayList<>(cells);
            for (int i = 0; i < cells; i++) {
                long before = System.nanoTime();
                Execution execution = interpreter.execute("1+1");
                timings.add((System.nanoTime() - before) / 1e6);
                require(execution);
            }
            Collections.sort(timings);
            Thread.sleep(1000); // idle
            Memory memory = sandboxMemory();
            System.out.println(String.format(Locale.ROOT,
                    "{\"what\": \"codingit interpreter in bubblewrap, warm 1+1\", \"cells\": %d, \"p50_ms\": %.3f, "
                            + "\"p99_ms\": %.3f, \"create_plus_first_cell_ms\": %.1f, \"idle_processes\": %d, "
                            + "\"idle_rss_mib\": %.1f, \"idle_pss_mib\": %.1f}",
                    cells, percentile(timings, 0.50), percentile(timings, 0.99), firstCellMs,
                    memory.processes(), memory.rssKib() / 1024.0, memory.pssKib() / 1024.0));
            sandboxes.kill("bench-user", sandbox.id());
        } finally {
            app.close();
        }
    }

    private static void require(Execution execution) {
        if (execution.error() != null || execution.results().isEmpty() || !"2".equals(execution.results().get(0).text())) {
            throw new IllegalStateException("unexpected execution: " + execution);
        }
    }

    private static double percentile(List<Double> sorted, double fraction) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.round(fraction * (sorted.size() - 1))));
    }

    /** Every process the server started is this sandbox's (it is the only one): bubblewrap and the driver. */
    private static Memory sandboxMemory() {
        long rss = 0;
        long pss = 0;
        int count = 0;
        for (ProcessHandle process : ProcessHandle.current().descendants().toList()) {
            count++;
            rss += field(Path.of("/proc", Long.toString(process.pid()), "status"), "VmRSS:").orElse(0L);
            pss += field(Path.of("/proc", Long.toString(process.pid()), "smaps_rollup"), "Pss:").orElse(0L);
        }
        return new Memory(count, rss, pss);
    }

    private static Optional<Long> field(Path file, String name) {
        try {
            return Files.readAllLines(file).stream().filter(line -> line.startsWith(name))
                    .map(line -> Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0])).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private record Memory(int processes, long rssKib, long pssKib) {
    }
}
