package io.codingit.morph;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names an import line binds, read from its text alone, for the forms whose bound name the text states: a dotted
 * import ({@code import a.b.Name}, {@code import static a.b.Name;}, {@code import a.b.Name as Alias}), Python's
 * {@code from m import a, b as c}, an ES default or named import ({@code import Name from 'm'},
 * {@code import { a, b as c } from 'm'}) and CommonJS {@code const name = require('m')}. Other forms (a wildcard, Go's
 * path strings, {@code #include}, an import spread over lines) bind nothing here: which names they bring in is not
 * in the line.
 */
final class ImportedNames {

    private ImportedNames() {
    }

    private static final String NAME = "[A-Za-z_$][\\w$]*";
    private static final Pattern DOTTED = Pattern.compile(
            "import\\s+(?:static\\s+)?(?:" + NAME + "\\.)*(" + NAME + ")(?:\\s+as\\s+(" + NAME + "))?\\s*;?");
    private static final Pattern FROM = Pattern.compile(
            "from\\s+[\\w.]+\\s+import\\s+(" + NAME + "(?:\\s+as\\s+" + NAME + ")?(?:\\s*,\\s*" + NAME
                    + "(?:\\s+as\\s+" + NAME + ")?)*)");
    private static final Pattern ES = Pattern.compile(
            "import\\s+(?:type\\s+)?(?:(" + NAME + ")\\s*,?\\s*)?(?:\\{([^}]*)\\})?\\s*from\\s+['\"][^'\"]+['\"]\\s*;?");
    private static final Pattern REQUIRE = Pattern.compile(
            "(?:const|let|var)\\s+(" + NAME + ")\\s*=\\s*require\\(\\s*['\"`][^'\"`]+['\"`]\\s*\\)\\s*;?");

    /** The names {@code line} binds; empty when it is no import or its form does not state them. */
    static List<String> boundBy(String line) {
        String text = line.strip();
        List<String> names = new ArrayList<>();
        Matcher m;
        if ((m = DOTTED.matcher(text)).matches()) {
            names.add(m.group(2) != null ? m.group(2) : m.group(1));
        } else if ((m = FROM.matcher(text)).matches()) {
            addList(m.group(1), names);
        } else if ((m = ES.matcher(text)).matches() && (m.group(1) != null || m.group(2) != null)) {
            if (m.group(1) != null) {
                names.add(m.group(1));
            }
            if (m.group(2) != null) {
                addList(m.group(2), names);
            }
        } else if ((m = REQUIRE.matcher(text)).matches()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Adds the names of {@code a, b as c} (the alias when there is one). */
    private static void addList(String list, List<String> names) {
        for (String part : list.split(",")) {
            String[] words = part.strip().split("\\s+");
            String name = words[words.length - 1];
            if (name.matches(NAME)) {
                names.add(name);
            }
        }
    }

    /** Whether {@code line} has {@code name} as a whole token (not inside a longer name). */
    static boolean mentions(String line, String name) {
        int from = 0;
        while (true) {
            int at = line.indexOf(name, from);
            if (at < 0) {
                return false;
            }
            int end = at + name.length();
            if ((at == 0 || !isNameChar(line.charAt(at - 1))) && (end == line.length() || !isNameChar(line.charAt(end)))) {
                return true;
            }
            from = at + 1;
        }
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
