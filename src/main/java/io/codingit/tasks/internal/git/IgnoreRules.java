package io.codingit.tasks.internal.git;

import io.codingit.tasks.internal.TaskFailedException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The work tree's {@code .gitignore} files, applied as git does for untracked files: the deepest
 * {@code .gitignore} with a matching rule decides (within a file, the last matching line), and nothing
 * inside an ignored directory is added. The files come from the sandbox, so they are matched in linear time
 * ({@link IgnorePattern}) and bounded in number and size: past the bounds the task fails rather than commit
 * files the agent meant to ignore (a {@code .env}, say).
 */
public final class IgnoreRules {
    /** Patterns of all {@code .gitignore} files together; real projects have a few hundred. */
    static final int MAX_PATTERNS = 20_000;

    private final Map<String, List<IgnorePattern>> byDirectory = new HashMap<>();
    private int patterns;

    /** Adds the rules of the {@code .gitignore} in {@code directory} ("" for the top). */
    public void add(String directory, byte[] content) {
        List<IgnorePattern> rules = new ArrayList<>();
        for (String line : new String(content, StandardCharsets.UTF_8).split("\n", -1)) {
            if (line.length() > IgnorePattern.MAX_LENGTH) {
                throw new TaskFailedException("A line of " + where(directory) + " is longer than " + IgnorePattern.MAX_LENGTH
                        + " characters; nothing was committed");
            }
            IgnorePattern.parse(line).ifPresent(rules::add);
        }
        patterns += rules.size();
        if (patterns > MAX_PATTERNS) {
            throw new TaskFailedException("The work tree's .gitignore files hold more than " + MAX_PATTERNS
                    + " patterns; nothing was committed");
        }
        byDirectory.put(directory, List.copyOf(rules));
    }

    public boolean isEmpty() {
        return byDirectory.isEmpty();
    }

    /** Whether the file at {@code path} (relative, '/'-separated) or one of its directories is ignored. */
    public boolean isIgnored(String path) {
        int slash = -1;
        while ((slash = path.indexOf('/', slash + 1)) >= 0) {
            if (matches(path.substring(0, slash), true)) {
                return true;
            }
        }
        return matches(path, false);
    }

    private boolean matches(String path, boolean directory) {
        String dir = parentOf(path);
        while (true) {
            List<IgnorePattern> rules = byDirectory.get(dir);
            if (rules != null) {
                String relative = dir.isEmpty() ? path : path.substring(dir.length() + 1);
                for (int i = rules.size() - 1; i >= 0; i--) {
                    IgnorePattern rule = rules.get(i);
                    if (rule.matches(relative, directory)) {
                        return !rule.negated();
                    }
                }
            }
            if (dir.isEmpty()) {
                return false;
            }
            dir = parentOf(dir);
        }
    }

    private static String where(String directory) {
        return directory.isEmpty() ? ".gitignore" : directory + "/.gitignore";
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
