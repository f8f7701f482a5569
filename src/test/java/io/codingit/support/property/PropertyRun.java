package io.codingit.support.property;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One run of a property: {@code cases} cases, each drawn from its own seed (split off the run's seed),
 * so that a failing case can be checked again alone. A failure says which case failed, its value,
 * and the command that replays it.
 */
public final class PropertyRun {
    private final String id;
    private final long runSeed;
    private final int cases;
    private final int maxDiscardRatio;
    private final Long replaySeed;
    private final Map<String, Integer> statistics = new TreeMap<>();

    private PropertyRun(String id, long runSeed, int cases, int maxDiscardRatio, Long replaySeed) {
        this.id = id;
        this.runSeed = runSeed;
        this.cases = cases;
        this.maxDiscardRatio = maxDiscardRatio;
        this.replaySeed = replaySeed;
    }

    static PropertyRun of(String id, long runSeed, int cases, int maxDiscardRatio) {
        return new PropertyRun(id, runSeed, cases, maxDiscardRatio, null);
    }

    static PropertyRun replay(String id, long caseSeed, int maxDiscardRatio) {
        return new PropertyRun(id, caseSeed, 1, maxDiscardRatio, caseSeed);
    }

    public int cases() {
        return cases;
    }

    /**
     * Checks the property on {@code cases} values of {@code generator}. A case that calls
     * {@link #assume} with {@code false} is discarded; more than {@code maxDiscardRatio} discarded
     * cases per checked one fails the run, as it then checks too little.
     */
    public <T> void forAll(Gen<T> generator, Consumer<? super T> property) {
        statistics.clear();
        SplittableRandom seeds = new SplittableRandom(runSeed);
        int checked = 0;
        int discarded = 0;
        for (int i = 0; i < cases; i++) {
            long caseSeed = replaySeed != null ? replaySeed : seeds.nextLong();
            T value = null;
            try {
                value = generator.next(new SplittableRandom(caseSeed));
                property.accept(value);
                checked++;
            } catch (Discarded discard) {
                discarded++;
            } catch (AssertionError | RuntimeException failure) {
                throw new AssertionError(describe(i, caseSeed, value) + "\n" + failure.getMessage(), failure);
            }
        }
        if (checked == 0 || discarded > (long) checked * maxDiscardRatio) {
            throw new AssertionError(id + ": " + discarded + " of " + cases + " cases were discarded by assume() "
                    + "(at most " + maxDiscardRatio + " per checked case): the generator misses what the property needs");
        }
    }

    /** Discards the current case unless {@code condition} holds (its value is outside the property). */
    public static void assume(boolean condition) {
        if (!condition) {
            throw Discarded.INSTANCE;
        }
    }

    /** Counts an outcome of the current case; the counts appear in a failure message and in {@link #statistics()}. */
    public void collect(String label) {
        statistics.merge(label, 1, Integer::sum);
    }

    public Map<String, Integer> statistics() {
        return Map.copyOf(statistics);
    }

    private String describe(int index, long caseSeed, Object value) {
        String seed = "0x" + Long.toHexString(caseSeed);
        String test = id.substring(id.lastIndexOf('.') + 1);
        return id + " failed on case " + (index + 1) + " of " + cases + " (run seed 0x" + Long.toHexString(runSeed)
                + ", case seed " + seed + ")\n  value: " + value
                + (statistics.isEmpty() ? "" : "\n  outcomes so far: " + statistics)
                + "\n  replay: ./mvnw -o -Dconsole.skip=true test -Dtest='" + test
                + "' -D" + PropertyRuns.SEED + "=" + seed;
    }

    @Override
    public String toString() {
        return replaySeed != null ? "replay of case seed 0x" + Long.toHexString(replaySeed)
                : cases + " cases, run seed 0x" + Long.toHexString(runSeed);
    }

    /** Thrown by {@link #assume}: not an error, the case is simply not counted. */
    private static final class Discarded extends RuntimeException {
        static final Discarded INSTANCE = new Discarded();

        private Discarded() {
            super(null, null, false, false);
        }
    }
}
