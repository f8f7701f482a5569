package io.codingit.auth.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A read-only set of lower-cased words held as one sorted UTF-8 byte array and the offsets of its
 * words, looked up by binary search. The password blocklist lives for the server's life; as a
 * {@code Set<String>} its 9,913 entries took 558 KB of heap (a String and a byte[] each, plus the set's
 * table), here 106 KB (docs/memory.md, "Fifth pass").
 */
final class CommonPasswords {
    private final byte[] words;
    /** Word i is {@code words[starts[i]..starts[i + 1])}; one more entry than there are words. */
    private final int[] starts;

    private CommonPasswords(byte[] words, int[] starts) {
        this.words = words;
        this.starts = starts;
    }

    /** Trims and lower-cases each line (Locale.ROOT), skips blank ones, and keeps each word once. */
    static CommonPasswords of(Stream<String> lines) {
        byte[][] sorted = lines.map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8))
                .sorted(Arrays::compareUnsigned).toArray(byte[][]::new);
        int[] starts = new int[sorted.length + 1];
        byte[] words = new byte[Arrays.stream(sorted).mapToInt(w -> w.length).sum()];
        int count = 0;
        int end = 0;
        for (byte[] word : sorted) {
            if (count > 0 && Arrays.equals(words, starts[count - 1], end, word, 0, word.length)) {
                continue; // the same word again (the list differs only in case there)
            }
            System.arraycopy(word, 0, words, end, word.length);
            starts[count++] = end;
            end += word.length;
        }
        starts[count] = end;
        return new CommonPasswords(Arrays.copyOf(words, end), Arrays.copyOf(starts, count + 1));
    }

    /** Whether the word, lower-cased (Locale.ROOT), is in the set. */
    boolean contains(String word) {
        byte[] key = word.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        int low = 0;
        int high = size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int order = Arrays.compareUnsigned(words, starts[mid], starts[mid + 1], key, 0, key.length);
            if (order == 0) {
                return true;
            }
            if (order < 0) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return false;
    }

    int size() {
        return starts.length - 1;
    }
}
