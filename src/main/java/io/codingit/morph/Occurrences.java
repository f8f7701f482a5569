package io.codingit.morph;

import java.util.Arrays;

/** Sorted positions of every key in the original, for the column bounds. */
final class Occurrences {
    private final int[] start;
    private final int[] positions;

    Occurrences(int[] keys) {
        int distinct = 0;
        for (int key : keys) {
            distinct = Math.max(distinct, key + 1);
        }
        start = new int[distinct + 1];
        for (int key : keys) {
            start[key + 1]++;
        }
        for (int i = 0; i < distinct; i++) {
            start[i + 1] += start[i];
        }
        positions = new int[keys.length];
        int[] fill = Arrays.copyOf(start, distinct);
        for (int i = 0; i < keys.length; i++) {
            positions[fill[keys[i]]++] = i;
        }
    }

    /** How many times key occurs. */
    int count(int key) {
        return key + 1 >= start.length ? 0 : start[key + 1] - start[key];
    }

    /** First position of key at or after from, -1 when none. */
    int next(int key, int from) {
        if (key + 1 >= start.length) {
            return -1;
        }
        int low = start[key];
        int high = start[key + 1];
        int at = Arrays.binarySearch(positions, low, high, Math.max(from, 0));
        int index = at >= 0 ? at : -at - 1;
        return index < high ? positions[index] : -1;
    }

    /** Last position of key at or before upTo, -1 when none. */
    int previous(int key, int upTo) {
        if (key + 1 >= start.length || upTo < 0) {
            return -1;
        }
        int low = start[key];
        int high = start[key + 1];
        int at = Arrays.binarySearch(positions, low, high, upTo);
        int index = at >= 0 ? at : -at - 2;
        return index >= low ? positions[index] : -1;
    }
}
