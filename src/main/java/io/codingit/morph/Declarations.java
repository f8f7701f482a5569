package io.codingit.morph;

import java.util.regex.Pattern;

/**
 * Tells what a line of code declares, from its text alone: an import, or the header of a named block (a function, a
 * test, a class). A file has each such line once, so the alignment charges more for writing one anew
 * ({@link Alignment#COPY}) and the close-call settling reads a deleted header as a rewritten block.
 */
final class Declarations {

    private Declarations() {
    }

    /**
     * Whether a line declares something a file has once: it opens a named block — ends with {@code {}, {@code (},
     * {@code [} or {@code :} and has at least {@link #HEADER_CHARS} characters (a function's or a test's header, not
     * {@code try:} or {@code } else {}) — or it is an import ({@code import}, {@code from … import}, {@code #include},
     * {@code using}, {@code use}): new code does not write a second copy of either.
     */
    static boolean declares(String line) {
        String text = line.strip();
        if (isImport(text)) {
            return true;
        }
        if (text.length() < HEADER_CHARS) {
            return false;
        }
        char last = text.charAt(text.length() - 1);
        return last == '{' || last == '(' || last == '[' || last == ':';
    }

    static final int HEADER_CHARS = 24;

    /**
     * Whether a stripped line imports something: {@code import}, {@code from … import}, {@code #include},
     * {@code using}, {@code use}, or a CommonJS {@code const name = require('module');}.
     */
    static boolean isImport(String text) {
        return text.startsWith("import ") || text.startsWith("from ") && text.contains(" import ")
                || text.startsWith("#include") || text.startsWith("using ") || text.startsWith("use ")
                || REQUIRE.matcher(text).lookingAt();
    }

    /** A CommonJS import: {@code const name = require('module');}. */
    private static final Pattern REQUIRE = Pattern.compile(
            "(const|let|var)\\s+[\\w${}\\s,:]+=\\s*require\\(\\s*['\"`][^'\"`]+['\"`]\\s*\\)[\\w.]*;?$");

    /** A line that {@link #declares} a block: not an import, not a sentence ending in a colon. */
    static boolean isBlockHeader(String line) {
        String text = line.strip();
        if (!declares(line) || isImport(text) || text.startsWith("from ")) {
            return false;
        }
        return !text.endsWith(":") || text.contains("(") || PYTHON_BLOCK.matcher(text).lookingAt();
    }

    /** Whether a line is a statement that opens a block ({@code if (…) {}, {@code } catch (…) {}): it names nothing. */
    static boolean opensStatements(String line) {
        return STATEMENT.matcher(line.strip()).lookingAt();
    }

    /** A line that opens a block of statements rather than names one. */
    private static final Pattern STATEMENT = Pattern.compile(
            "(}\\s*)?(if|else|elif|for|foreach|while|do|switch|try|catch|except|finally|with|when|match|case|return)\\b");
    private static final Pattern PYTHON_BLOCK = Pattern.compile(
            "(async\\s+)?(def|class|if|elif|else|for|while|with|try|except|finally|match|case)\\b");
}
