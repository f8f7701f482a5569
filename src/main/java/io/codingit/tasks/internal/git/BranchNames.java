package io.codingit.tasks.internal.git;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Branch names {@code codingit/<slug-of-prompt>-<6 random chars>}: at most {@value #MAX_LENGTH} characters,
 * only {@code [a-z0-9-]} after the prefix, so always a valid ref whatever the prompt holds.
 */
public final class BranchNames {
    public static final int MAX_LENGTH = 60;
    static final String PREFIX = "codingit/";
    static final int SUFFIX_LENGTH = 6;
    /** The prefix, the slug, a dash and the suffix fit in {@link #MAX_LENGTH}. */
    static final int MAX_SLUG = MAX_LENGTH - PREFIX.length() - 1 - SUFFIX_LENGTH;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final RandomGenerator RANDOM = new SecureRandom();

    private BranchNames() {
    }

    public static String forPrompt(String prompt) {
        return forPrompt(prompt, RANDOM);
    }

    static String forPrompt(String prompt, RandomGenerator random) {
        StringBuilder suffix = new StringBuilder(SUFFIX_LENGTH);
        for (int i = 0; i < SUFFIX_LENGTH; i++) {
            suffix.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return PREFIX + slug(prompt) + "-" + suffix;
    }

    /** Lower-case ASCII words of the prompt joined by dashes, accents dropped, at most {@link #MAX_SLUG} long; "task" when none. */
    static String slug(String prompt) {
        String ascii = Normalizer.normalize(prompt == null ? "" : prompt, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder();
        boolean dash = false;
        for (int i = 0; i < ascii.length() && out.length() < MAX_SLUG; i++) {
            char c = ascii.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (dash && !out.isEmpty()) {
                    out.append('-');
                }
                dash = false;
                out.append(c);
            } else {
                dash = true;
            }
        }
        String slug = out.length() > MAX_SLUG ? out.substring(0, MAX_SLUG) : out.toString();
        while (slug.endsWith("-")) {
            slug = slug.substring(0, slug.length() - 1);
        }
        return slug.isEmpty() ? "task" : slug;
    }
}
