package io.codingit.morph;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The comparison form of every line of the original and the update, as small integers: two lines get the
 * same id exactly when they are equal with leading and trailing whitespace removed and inner runs of
 * whitespace collapsed.
 */
final class LineKeys {

    /** The id of every blank line. */
    static final int BLANK = 0;

    private final Map<String, Integer> ids = new HashMap<>();

    LineKeys() {
        ids.put("", BLANK);
    }

    private final Map<String, Integer> exactIds = new HashMap<>();

    /** Ids of the lines without their trailing whitespace: equal when only trailing whitespace differs. */
    int[] exactIdsOf(List<String> lines) {
        int[] keys = new int[lines.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = exactIds.computeIfAbsent(lines.get(i).stripTrailing(), key -> exactIds.size());
        }
        return keys;
    }

    /**
     * The exact ids of the original's lines whose whitespace-blind key some update line has (exact ids are only
     * ever compared between such lines); -1 for the others, which spares hashing most of a large file twice.
     * Call after the update's ids were taken.
     */
    int[] exactIdsWhereUsed(List<String> lines, int[] keys) {
        int[] exact = new int[lines.size()];
        for (int i = 0; i < exact.length; i++) {
            exact[i] = keys[i] < updateKeyLimit && usedByUpdate[keys[i]]
                    ? exactIds.computeIfAbsent(lines.get(i).stripTrailing(), key -> exactIds.size())
                    : -1;
        }
        return exact;
    }

    private boolean[] usedByUpdate = new boolean[0];
    private int updateKeyLimit;

    /** Marks the keys the update uses (call with the update's ids before {@link #exactIdsWhereUsed}). */
    void markUsed(int[] updateKeys) {
        for (int key : updateKeys) {
            if (key >= usedByUpdate.length) {
                usedByUpdate = java.util.Arrays.copyOf(usedByUpdate, Math.max(key + 1, usedByUpdate.length * 2));
            }
            usedByUpdate[key] = true;
            updateKeyLimit = usedByUpdate.length;
        }
    }

    int[] idsOf(List<String> lines) {
        int[] keys = new int[lines.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = ids.computeIfAbsent(Lines.collapseWhitespace(lines.get(i)), key -> ids.size());
        }
        return keys;
    }

    /** Number of distinct line forms seen so far. */
    int distinct() {
        return ids.size();
    }
}
