package io.codingit.common;

import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A unified diff of two texts (two versions of a fragment, a file before and after an edit), by JGit's histogram diff (the algorithm {@code git diff} uses by default). */
public final class UnifiedDiff {
    private UnifiedDiff() {
    }

    public record Result(String text, int added, int removed) {
    }

    public static Result unified(String fromPath, String fromCode, String toPath, String toCode) {
        RawText a = new RawText(fromCode.getBytes(StandardCharsets.UTF_8));
        RawText b = new RawText(toCode.getBytes(StandardCharsets.UTF_8));
        EditList edits = DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
                .diff(RawTextComparator.DEFAULT, a, b);
        int added = 0;
        int removed = 0;
        for (Edit edit : edits) {
            added += edit.getLengthB();
            removed += edit.getLengthA();
        }
        if (edits.isEmpty() && fromPath.equals(toPath)) {
            return new Result("", 0, 0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DiffFormatter formatter = new DiffFormatter(out)) {
            out.write(("--- a/" + fromPath + "\n+++ b/" + toPath + "\n").getBytes(StandardCharsets.UTF_8));
            formatter.format(edits, a, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Result(out.toString(StandardCharsets.UTF_8), added, removed);
    }
}
