package io.codingit.morph;

/**
 * Counts the alignment cells an apply computes, so a test can check that no input makes the engine do more
 * than O(n log n) work (LazyEditWorkBoundTest), without timing anything.
 */
final class WorkMeter {

    private long cells;

    void add(long count) {
        cells += count;
    }

    long cells() {
        return cells;
    }
}
