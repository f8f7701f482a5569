package io.codingit.morph;

import io.codingit.morph.Alignment.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a reading of the update keeps a use of a name whose declaration it deletes (docs/morph.md, eighteenth pass
 * (a)): a replacement that deletes {@code const nodeBefore = …} or {@code fun Int.lessOrEqual(…) {} while the lines the
 * snippet writes anew still mention {@code nodeBefore} or {@code lessOrEqual}, and nothing left in the file declares it
 * again, leaves the file using a name it no longer declares: the snippet meant to keep that code. Only declarations whose name the line states in a common form count (below); one per pass.
 */
final class DeletedDeclarations extends DeletedBindings {

    private static final String NAME = "([A-Za-z_$][\\w$]*)";
    private static final String KEYWORD_START = "(?<![\\w$.])";
    /** {@code const x =}, {@code let x:}, Kotlin's {@code private val x =}, {@code var x;}, anywhere in the line. */
    private static final Pattern VARIABLE = Pattern.compile(KEYWORD_START + "(?:const|let|var|val)\\s+" + NAME
            + "\\s*(?:[=:;,)]|$)");
    /** {@code fun Int.name(}, {@code function name(}, {@code def name(}, {@code fun <T> name(}, anywhere in the line. */
    private static final Pattern FUNCTION = Pattern.compile(KEYWORD_START + "(?:fun|function|def|func)\\b[^(=]*?"
            + NAME + "\\s*(?:<[^>]*>)?\\s*\\(");

    DeletedDeclarations(Alignment alignment) {
        super(alignment);
    }

    /**
     * Of a line, the part read for declarations: a name is declared near a line's start, and the lazy scan of
     * {@link #FUNCTION} is quadratic in the length it reads.
     */
    static final int DECLARATION_SPAN = 512;

    /** The names a line declares: only the forms {@link #VARIABLE} and {@link #FUNCTION} count. */
    @Override
    List<String> boundBy(String line) {
        List<String> names = new ArrayList<>();
        for (Pattern form : new Pattern[] {VARIABLE, FUNCTION}) {
            Matcher matcher = form.matcher(head(line));
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    /**
     * A kept or written line binds a name again in more forms than the declarations counted as deleted: an assignment
     * ({@code newVNode = assign(…)}, a declarator continued from the line before), a lambda's or a typed parameter
     * ({@code child => …}, {@code { child -> …}, {@code (a, child) =>}, {@code fun f(child: Node)}). Read broadly,
     * so that code that declares the name its own way is not taken for a use of the deleted declaration.
     */
    @Override
    boolean bindsAgain(String line, String name) {
        if (super.bindsAgain(line, name)) {
            return true;
        }
        String quoted = Pattern.quote(name);
        String text = head(line);
        return Pattern.compile(KEYWORD_START + quoted + "\\s*(?:=(?![=>])|=>|->)").matcher(text).find()
                || Pattern.compile("[(,]\\s*" + quoted + "\\s*[:,)]").matcher(text).find()
                && (text.contains("=>") || text.contains("->") || FUNCTION.matcher(text).find());
    }

    private static String head(String line) {
        return line.length() > DECLARATION_SPAN ? line.substring(0, DECLARATION_SPAN) : line;
    }

    /**
     * Only the lines the snippet writes anew count as uses: a name such as {@code from} or {@code equals} is used
     * elsewhere in a file with other meanings, and a context line is the original's, wherever the reading puts it;
     * new code refers to what the file declares.
     */
    @Override
    boolean keptLinesCount() {
        return false;
    }

    @Override
    boolean matchedLinesCount() {
        return false;
    }

    /** A comment that mentions a name does not use it. */
    @Override
    boolean usesName(String line, String name) {
        return !CommentText.is(line) && super.usesName(line, name);
    }

    /**
     * Whether the lines the snippet writes anew, placed as {@code windows}, mention a name that only a declaration
     * they delete in [from, to) bound.
     */
    boolean usesADeletedDeclaration(Window[] windows, int from, int to) {
        return keepsAUseOfADeletedBinding(windows, from, to);
    }
}
