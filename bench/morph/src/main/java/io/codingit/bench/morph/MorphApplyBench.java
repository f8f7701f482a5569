package io.codingit.bench.morph;

import io.codingit.morph.ApplyResult;
import io.codingit.morph.EditNotPlaceableException;
import io.codingit.morph.LazyEditEngine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Applies a 10-edit lazy snippet to a 2,000-line Java file with the local engine. Tokens are counted as
 * characters / 4 of the merged file (what Morph's model has to generate, the basis of its tokens/s figures).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MorphApplyBench {

    static final int LINES = 2_000;
    static final int EDITS = 10;

    private final LazyEditEngine engine = new LazyEditEngine();
    String original;
    String update;
    String expected;

    @Setup
    public void build() throws EditNotPlaceableException {
        Workload workload = Workload.create();
        original = workload.original();
        update = workload.update();
        expected = workload.expected();
        String merged = engine.apply(original, update).merged();
        if (!merged.equals(expected)) {
            throw new IllegalStateException("the engine did not produce the expected file; benchmark aborted");
        }
    }

    @Benchmark
    public ApplyResult apply() throws EditNotPlaceableException {
        return engine.apply(original, update);
    }

    /**
     * The baseline of the same run: what any line-based apply does at least, split the file into lines and join
     * them again. The engine's figure is reported as a ratio to it, so a busy machine shows in both.
     */
    @Benchmark
    public String baselineSplitAndJoin() {
        return String.join("\n", original.split("\n", -1));
    }

    /** The file, the snippet and the expected result: 2,000 lines of methods, every 20th method edited. */
    record Workload(String original, String update, String expected) {

        static Workload create() {
            List<String> original = new ArrayList<>();
            original.add("package com.example.generated;");
            original.add("");
            original.add("public class Generated {");
            int method = 0;
            while (original.size() < LINES - 1) {
                original.add("");
                original.add("    public int compute" + method + "(int input) {");
                original.add("        int result = input * " + (method + 3) + ";");
                original.add("        if (result > " + (method * 7) + ") {");
                original.add("            result -= " + method + ";");
                original.add("        }");
                original.add("        return result;");
                original.add("    }");
                method++;
            }
            original.add("}");
            List<String> expected = new ArrayList<>(original);
            StringBuilder update = new StringBuilder();
            int stride = method / EDITS;
            // edits from the bottom up so earlier indices stay valid in the expected file
            List<String> hunks = new ArrayList<>();
            for (int edit = EDITS - 1; edit >= 0; edit--) {
                int m = edit * stride + stride / 2;
                int signature = original.indexOf("    public int compute" + m + "(int input) {");
                String changed = "        int result = input * " + (m + 3) + " + offset(" + m + ");";
                expected.set(signature + 1, changed);
                hunks.add(0, "// ... existing code ...\n" + original.get(signature) + "\n" + changed + "\n"
                        + original.get(signature + 2) + "\n");
            }
            hunks.forEach(update::append);
            update.append("// ... existing code ...\n");
            return new Workload(String.join("\n", original) + "\n", update.toString(), String.join("\n", expected) + "\n");
        }
    }

    public static void main(String[] args) throws Exception {
        Workload workload = Workload.create();
        double tokensPerApply = workload.expected().length() / 4.0;
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(MorphApplyBench.class.getSimpleName()).build()).run();
        double engine = 0;
        double engineError = 0;
        double baseline = 0;
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            if (name.endsWith(".apply")) {
                engine = result.getPrimaryResult().getScore();
                engineError = result.getPrimaryResult().getScoreError();
            } else {
                baseline = result.getPrimaryResult().getScore();
            }
        }
        System.out.printf("file: %d lines, %d chars (%.0f tokens); snippet: %d edits, %d chars%n", LINES,
                workload.expected().length(), tokensPerApply, EDITS, workload.update().length());
        System.out.printf("applies/s: %.1f ± %.1f%n", engine, engineError);
        System.out.printf("tokens/s (merged file chars / 4): %.0f ± %.0f%n", engine * tokensPerApply,
                engineError * tokensPerApply);
        System.out.printf("baseline (split and join the file's lines): %.1f/s; engine / baseline = %.3f%n", baseline,
                engine / baseline);
        System.out.printf("load average at the end: %s%n", java.nio.file.Files.readString(
                java.nio.file.Path.of("/proc/loadavg")).strip());
    }
}
