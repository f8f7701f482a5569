package io.codingit.tasks.internal.git;

import org.eclipse.jgit.ignore.IgnoreNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The work tree's {@code .gitignore} files, applied as git does for untracked files: the deepest
 * {@code .gitignore} with a matching rule decides, and nothing inside an ignored directory is added.
 */
public final class IgnoreRules {
    private final Map<String, IgnoreNode> byDirectory = new HashMap<>();

    /** Adds the rules of the {@code .gitignore} in {@code directory} ("" for the top). */
    public void add(String directory, byte[] content) {
        IgnoreNode node = new IgnoreNode();
        try {
            node.parse(new ByteArrayInputStream(content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byDirectory.put(directory, node);
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
            IgnoreNode node = byDirectory.get(dir);
            if (node != null) {
                String relative = dir.isEmpty() ? path : path.substring(dir.length() + 1);
                IgnoreNode.MatchResult result = node.isIgnored(relative, directory);
                if (result == IgnoreNode.MatchResult.IGNORED) {
                    return true;
                }
                if (result == IgnoreNode.MatchResult.NOT_IGNORED) {
                    return false;
                }
            }
            if (dir.isEmpty()) {
                return false;
            }
            dir = parentOf(dir);
        }
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
