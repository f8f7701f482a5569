package io.codingit.support.property;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * A generator of random test values, driven by the random source a {@link PropertyRun} hands it, so
 * that one case seed always gives the same value. Edge cases (empty strings and lists, the first and
 * last characters of a range) are drawn more often than uniform sampling would draw them, as
 * property-testing libraries do, because that is where bugs live.
 */
@FunctionalInterface
public interface Gen<T> {
    /** How many draws {@link #filter} makes before it declares the filter too strict. */
    int MAX_FILTER_MISSES = 10_000;
    /** The largest string {@link #strings()} draws; jqwik's default was 255 as well. */
    int DEFAULT_MAX_STRING_LENGTH = 255;

    T next(RandomGenerator random);

    default <R> Gen<R> map(Function<? super T, ? extends R> mapper) {
        return random -> mapper.apply(next(random));
    }

    default Gen<T> filter(Predicate<? super T> keep) {
        return random -> {
            for (int miss = 0; miss < MAX_FILTER_MISSES; miss++) {
                T value = next(random);
                if (keep.test(value)) {
                    return value;
                }
            }
            throw new IllegalStateException("the filter rejected " + MAX_FILTER_MISSES + " values in a row: "
                    + "generate closer to what the property needs");
        };
    }

    /** Lists of 0 to {@code maxSize} elements; the empty list and the longest ones come up more often. */
    default Gen<List<T>> list(int maxSize) {
        return random -> {
            int size = Draw.size(random, 0, maxSize);
            List<T> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add(next(random));
            }
            return list;
        };
    }

    static <T> Gen<T> constant(T value) {
        return random -> value;
    }

    /** One of the values, each equally likely. */
    static <T> Gen<T> of(List<T> values) {
        List<T> copy = List.copyOf(values);
        return random -> copy.get(random.nextInt(copy.size()));
    }

    /** One of the generators, each equally likely. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... generators) {
        List<Gen<? extends T>> copy = List.of(generators);
        return random -> copy.get(random.nextInt(copy.size())).next(random);
    }

    /** Any long in {@code [min, max]}, the bounds and zero (when inside) a little more often. */
    static Gen<Long> longs(long min, long max) {
        return random -> {
            int edge = random.nextInt(20);
            if (edge == 0) {
                return min;
            }
            if (edge == 1) {
                return max;
            }
            if (edge == 2 && min <= 0 && max >= 0) {
                return 0L;
            }
            if (max == Long.MAX_VALUE) {
                // the bound is exclusive; max itself is drawn as an edge above
                return min == Long.MIN_VALUE ? random.nextLong() : random.nextLong(min, max);
            }
            return random.nextLong(min, max + 1);
        };
    }

    /** Strings of any UTF-16 code units (lone surrogates included), 0 to 255 long. */
    static Gen<String> strings() {
        return strings(Character.MIN_VALUE, Character.MAX_VALUE, 0, DEFAULT_MAX_STRING_LENGTH);
    }

    /** Strings of any UTF-16 code units (lone surrogates included), 0 to {@code maxLength} long. */
    static Gen<String> strings(int maxLength) {
        return strings(Character.MIN_VALUE, Character.MAX_VALUE, 0, maxLength);
    }

    /** Strings of characters in {@code [first, last]}. */
    static Gen<String> strings(char first, char last, int minLength, int maxLength) {
        return random -> {
            int length = Draw.size(random, minLength, maxLength);
            StringBuilder text = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                text.append(Draw.character(random, first, last));
            }
            return text.toString();
        };
    }

    /** Strings made of the given characters only. */
    static Gen<String> strings(String alphabet, int minLength, int maxLength) {
        return random -> {
            int length = Draw.size(random, minLength, maxLength);
            StringBuilder text = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return text.toString();
        };
    }

    /** Two independent values. */
    static <A, B> Gen<Pair<A, B>> pairs(Gen<A> first, Gen<B> second) {
        return random -> new Pair<>(first.next(random), second.next(random));
    }

    /** Three independent values. */
    static <A, B, C> Gen<Triple<A, B, C>> triples(Gen<A> first, Gen<B> second, Gen<C> third) {
        return random -> new Triple<>(first.next(random), second.next(random), third.next(random));
    }

    record Pair<A, B>(A first, B second) {
    }

    record Triple<A, B, C>(A first, B second, C third) {
    }

    /** Biased draws shared by the generators. */
    final class Draw {
        private Draw() {
        }

        /** A size in {@code [min, max]}: min and max each 1 time in 10, small sizes more often than large. */
        static int size(RandomGenerator random, int min, int max) {
            if (max <= min) {
                return min;
            }
            int pick = random.nextInt(10);
            if (pick == 0) {
                return min;
            }
            if (pick == 1) {
                return max;
            }
            if (pick < 6) {
                return random.nextInt(min, Math.min(max, min + 10) + 1);
            }
            return random.nextInt(min, max + 1);
        }

        /** A character in {@code [first, last]}: the bounds, space and the surrogate edges now and then. */
        static char character(RandomGenerator random, char first, char last) {
            int pick = random.nextInt(16);
            char candidate = switch (pick) {
                case 0 -> first;
                case 1 -> last;
                case 2 -> ' ';
                case 3 -> '\uD800';
                case 4 -> '\uDFFF';
                case 5 -> (char) random.nextInt(0x20, 0x7F);
                default -> (char) random.nextInt(first, last + 1);
            };
            return candidate >= first && candidate <= last ? candidate : (char) random.nextInt(first, last + 1);
        }
    }
}
