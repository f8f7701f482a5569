package io.codingit.morph;

import io.codingit.morph.Alignment.Window;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a placement does not keep an import whose every use the update takes away (docs/morph.md, "Eighteenth
 * pass (c)"). A change that removes the last use of an imported name removes the import too; when the cheapest reading
 * keeps it, unused, the snippet did not show how far its deletion goes (a run ending on a blank line before the
 * import, which the marker after it keeps), and the update is refused.
 */
final class ImportsLeftUnused extends PassReader {

    ImportsLeftUnused(Alignment alignment) {
        super(alignment);
    }

    /**
     * Refuses the placement when, right beside a run whose edge on a marker's side is a blank line, the first code line
     * the marker keeps is an import whose names the original used and the merged file uses nowhere else.
     */
    void rejectImportLeftUnused(Window[] windows) throws EditNotPlaceableException {
        // {run, original line of the import}
        List<int[]> besideBlankEdges = new ArrayList<>();
        forEachMarkerGap(windows, (r, before, low, high) -> {
            int[] keys = runs[r].keys();
            if (keys[before ? 0 : keys.length - 1] != LineKeys.BLANK) {
                return;
            }
            int step = before ? -1 : 1;
            int c = before ? high - 1 : low;
            while (c >= low && c < high && original[c] == LineKeys.BLANK) {
                c += step;
                meter.add(1);
            }
            if (c >= low && c < high && Declarations.isImport(originalLines.get(c).strip())) {
                besideBlankEdges.add(new int[] {r, c});
            }
        });
        if (besideBlankEdges.isEmpty()) {
            return;
        }
        List<String> merged = mergedLines(windows);
        meter.add(merged.size() + n);
        for (int[] beside : besideBlankEdges) {
            String kept = originalLines.get(beside[1]);
            for (String name : ImportedNames.boundBy(kept)) {
                if (usedBeyondImports(originalLines, name) && !usedBeyondImports(merged, name)) {
                    throw errors.importLeftUnused(runs[beside[0]], kept);
                }
            }
        }
    }

    /** The file the placement gives. */
    private List<String> mergedLines(Window[] windows) {
        List<String> merged = new ArrayList<>();
        alignment.walkMergedFile(windows, new Alignment.MergedFileWalk() {
            @Override
            public boolean kept(int from, int to) {
                merged.addAll(originalLines.subList(from, to));
                return true;
            }

            @Override
            public boolean written(int r) {
                merged.addAll(updateLines.subList(runs[r].updateStart(), runs[r].updateStart() + runs[r].length()));
                return true;
            }
        });
        return merged;
    }

    private static boolean usedBeyondImports(List<String> lines, String name) {
        for (String line : lines) {
            if (!Declarations.isImport(line.strip()) && ImportedNames.mentions(line, name)) {
                return true;
            }
        }
        return false;
    }
}
