package io.codingit.morph;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the original's indentation style in placed runs: tabs versus spaces, and the base indentation
 * of the place a run lands in when the model wrote the snippet shifted left or right.
 */
final class Indentation {

    private final boolean tabs;
    private final int spacesPerLevel;

    private Indentation(boolean tabs, int spacesPerLevel) {
        this.tabs = tabs;
        this.spacesPerLevel = spacesPerLevel;
    }

    /** The style most indented lines of the text use; spaces (width 4 unless the text shows another) when none. */
    static Indentation of(List<String> lines) {
        int tabIndented = 0;
        int spaceIndented = 0;
        int width = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            char first = line.charAt(0);
            if (first == '\t') {
                tabIndented++;
            } else if (first == ' ') {
                spaceIndented++;
                int spaces = leadingWhitespace(line).length();
                if (spaces >= 2 && (width == 0 || spaces < width)) {
                    width = spaces;
                }
            }
        }
        return new Indentation(tabIndented > spaceIndented, width == 0 ? 4 : Math.min(width, 8));
    }

    /**
     * The run re-indented to this style, then shifted so its anchor line has the indentation of the original
     * line it matched, when the whole run can be shifted by one common prefix.
     */
    List<String> adapt(List<String> run, int anchorIndex, String originalAnchorLine) {
        // null: the run was not matched to an original line (inserted at the file's start or end)
        List<String> restyled = restyled(run);
        if (originalAnchorLine == null) {
            return restyled;
        }
        String wanted = leadingWhitespace(originalAnchorLine);
        String actual = leadingWhitespace(restyled.get(anchorIndex));
        if (wanted.equals(actual)) {
            return restyled;
        }
        if (wanted.endsWith(actual) || actual.isEmpty()) {
            String prefix = wanted.substring(0, wanted.length() - actual.length());
            return restyled.stream().map(line -> line.isBlank() ? line : prefix + line).toList();
        }
        if (actual.endsWith(wanted)) {
            String excess = actual.substring(0, actual.length() - wanted.length());
            boolean allCarryExcess = restyled.stream().allMatch(line -> line.isBlank() || line.startsWith(excess));
            if (allCarryExcess) {
                return restyled.stream().map(line -> line.isBlank() ? line : line.substring(excess.length())).toList();
            }
        }
        return restyled;
    }

    /** The run's lines with this style's tabs or spaces (the run's own indentation width read from the run). */
    List<String> restyled(List<String> run) {
        Indentation runStyle = of(run);
        List<String> restyled = new ArrayList<>(run.size());
        for (String line : run) {
            restyled.add(restyle(line, runStyle));
        }
        return restyled;
    }

    private String restyle(String line, Indentation runStyle) {
        String indent = leadingWhitespace(line);
        if (indent.isEmpty()) {
            return line;
        }
        if (tabs && indent.indexOf('\t') < 0) {
            int levels = indent.length() / runStyle.spacesPerLevel;
            int rest = indent.length() % runStyle.spacesPerLevel;
            return "\t".repeat(levels) + " ".repeat(rest) + line.substring(indent.length());
        }
        if (!tabs && indent.indexOf('\t') >= 0) {
            String spaces = indent.replace("\t", " ".repeat(spacesPerLevel));
            return spaces + line.substring(indent.length());
        }
        return line;
    }

    static String leadingWhitespace(String line) {
        return line.substring(0, depth(line));
    }

    /** How many spaces and tabs the line starts with. */
    static int depth(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
