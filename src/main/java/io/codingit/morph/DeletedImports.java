package io.codingit.morph;

import io.codingit.morph.Alignment.Segment;
import io.codingit.morph.Alignment.Window;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a reading of the update keeps a use of a name whose import it deletes (docs/morph.md, "a close call is
 * settled by the imports the update deletes"): an update that takes away {@code import org.junit.Before} also takes
 * away the {@code @Before} method, so of two readings of a run, one deleting that method and one keeping it, the
 * second leaves the file using a name nothing imports any more. Only the forms {@link ImportedNames} reads count,
 * and a name that another import of the file still binds is not left dangling. One per pass.
 */
final class DeletedImports extends PassReader {

    /** Per original line: the names it imports (empty for most lines); built on first use. */
    private List<String>[] importedByOriginal;
    /** Per name: the original lines that mention it, built on first use. */
    private final Map<String, int[]> mentionsInOriginal = new HashMap<>();

    DeletedImports(Alignment alignment) {
        super(alignment);
    }

    /** Whether the file that {@code windows} give still mentions a name that only an import they delete bound. */
    boolean keepsAUseOfADeletedImport(Window[] windows) {
        List<String>[] imported = importedByOriginal();
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
            for (int c = window.start(); c < window.end(); c++) {
                if (deleted[c]) {
                    deletedNames.addAll(imported[c]);
                }
            }
        }
        meter.add(n);
        if (deletedNames.isEmpty()) {
            return false;
        }
        for (int c = 0; c < n; c++) {
            if (!deleted[c]) {
                deletedNames.removeAll(imported[c]);
            }
        }
        for (Segment run : runs) {
            for (int i = run.updateStart(); i < run.updateStart() + run.length(); i++) {
                deletedNames.removeAll(ImportedNames.boundBy(updateLines.get(i)));
            }
        }
        for (String name : deletedNames) {
            for (int c : mentionsInOriginal.computeIfAbsent(name, this::originalLinesMentioning)) {
                if (!deleted[c] && !Declarations.isImport(originalLines.get(c).strip())) {
                    return true;
                }
            }
            for (Segment run : runs) {
                for (int i = run.updateStart(); i < run.updateStart() + run.length(); i++) {
                    String line = updateLines.get(i);
                    if (!Declarations.isImport(line.strip()) && ImportedNames.mentions(line, name)) {
                        return true;
                    }
                }
            }
            meter.add(updateLines.size());
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private List<String>[] importedByOriginal() {
        if (importedByOriginal == null) {
            importedByOriginal = new List[n];
            for (int c = 0; c < n; c++) {
                String line = originalLines.get(c);
                importedByOriginal[c] = Declarations.isImport(line.strip()) ? ImportedNames.boundBy(line) : List.of();
            }
            meter.add(n);
        }
        return importedByOriginal;
    }

    private int[] originalLinesMentioning(String name) {
        meter.add(n);
        return java.util.stream.IntStream.range(0, n).filter(c -> ImportedNames.mentions(originalLines.get(c), name))
                .toArray();
    }
}
