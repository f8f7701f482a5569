package io.codingit.morph;

import io.codingit.morph.Alignment.Segment;
import io.codingit.morph.Alignment.Window;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a reading of the update keeps a use of a name that only a line it deletes bound: an import
 * ({@link DeletedImports}) or a declaration ({@link DeletedDeclarations}). A name that a line the reading keeps or
 * writes binds too is not left dangling; a mention on an import line is not a use. One per pass.
 */
abstract class DeletedBindings extends PassReader {

    /** Per original line: the names it binds (empty for most lines), or null until read. */
    private List<String>[] boundByOriginal;
    /** Per name: the original lines that mention it, built on first use. */
    private final Map<String, int[]> mentionsInOriginal = new HashMap<>();

    DeletedBindings(Alignment alignment) {
        super(alignment);
    }

    /** The names a line binds, in the sense of the subclass. */
    abstract List<String> boundBy(String line);

    /**
     * Whether a line the reading keeps or writes binds {@code name} too, so that deleting another binding of it
     * leaves it bound: by default, when the line binds it in the sense of {@link #boundBy}.
     */
    boolean bindsAgain(String line, String name) {
        return boundBy(line).contains(name);
    }

    /**
     * Whether a use on an original line the reading keeps counts (else only the update's own lines count).
     */
    abstract boolean keptLinesCount();

    /**
     * Whether a use on an update line the reading matches to an original line counts (else only the lines it writes
     * anew count).
     */
    abstract boolean matchedLinesCount();

    /** Whether {@code line} uses {@code name}: it mentions it as a whole token and is not an import. */
    boolean usesName(String line, String name) {
        return !Declarations.isImport(line.strip()) && ImportedNames.mentions(line, name);
    }

    /** Whether the file that {@code windows} give still mentions a name that only a line they delete bound. */
    final boolean keepsAUseOfADeletedBinding(Window[] windows) {
        return keepsAUseOfADeletedBinding(windows, 0, n);
    }

    /**
     * Whether the file that {@code windows} give still mentions a name that only a line they delete bound, of the
     * names bound by the lines they delete in [from, to).
     */
    final boolean keepsAUseOfADeletedBinding(Window[] windows, int from, int to) {
        boolean anyBound = false;
        for (int c = from; c < to && !anyBound; c++) {
            anyBound = !boundByOriginal(c).isEmpty();
        }
        if (!anyBound) {
            // no line there binds anything: nothing it deletes can be left dangling
            return false;
        }
        boolean[] deleted = new boolean[n];
        Set<String> deletedNames = new HashSet<>();
        for (Window window : windows) {
            for (int c = window.start(); c < window.end(); c++) {
                deleted[c] = true;
            }
            for (int match : window.matches()) {
                if (match >= 0) {
                    deleted[match] = false;
                }
            }
            for (int c = Math.max(from, window.start()); c < Math.min(to, window.end()); c++) {
                if (deleted[c]) {
                    deletedNames.addAll(boundByOriginal(c));
                }
            }
        }
        meter.add(n);
        if (deletedNames.isEmpty()) {
            return false;
        }
        deletedNames.removeIf(name -> {
            for (int c : mentionsInOriginal.computeIfAbsent(name, this::originalLinesMentioning)) {
                if (!deleted[c] && bindsAgain(originalLines.get(c), name)) {
                    return true;
                }
            }
            for (Segment run : runs) {
                for (int i = run.updateStart(); i < run.updateStart() + run.length(); i++) {
                    String line = updateLines.get(i);
                    if (ImportedNames.mentions(line, name) && bindsAgain(line, name)) {
                        return true;
                    }
                }
            }
            meter.add(updateLines.size());
            return false;
        });
        for (String name : deletedNames) {
            for (int c : keptLinesCount() ? mentionsInOriginal.computeIfAbsent(name, this::originalLinesMentioning)
                    : new int[0]) {
                if (!deleted[c] && usesName(originalLines.get(c), name)) {
                    return true;
                }
            }
            for (int r = 0; r < runs.length; r++) {
                for (int i = 0; i < runs[r].length(); i++) {
                    String line = updateLines.get(runs[r].updateStart() + i);
                    if ((windows[r].matches()[i] < 0 || matchedLinesCount()) && usesName(line, name)) {
                        return true;
                    }
                }
            }
            meter.add(updateLines.size());
        }
        return false;
    }

    /** The names original line c binds, read on first use (a reading deletes few lines). */
    @SuppressWarnings("unchecked")
    private List<String> boundByOriginal(int c) {
        if (boundByOriginal == null) {
            boundByOriginal = new List[n];
        }
        if (boundByOriginal[c] == null) {
            boundByOriginal[c] = boundBy(originalLines.get(c));
            meter.add(1);
        }
        return boundByOriginal[c];
    }

    private int[] originalLinesMentioning(String name) {
        meter.add(n);
        return java.util.stream.IntStream.range(0, n).filter(c -> ImportedNames.mentions(originalLines.get(c), name))
                .toArray();
    }
}
