 // ... rest of the code ...
 * How people expect file names sorted: runs of digits compare by value ({@code file2} before
 * {@code file10}), letters compare ignoring case, and exact ties fall back to plain string order so
 * that the order is total and stable.
 *
 * <p>Names are turned into a {@link #key sort key} once, which plain {@link String#compareTo}
 * then orders correctly: a tree of ten thousand entries sorts without re-parsing names on every
 * comparison.
 */
final class NaturalOrder implements Comparator<String> {
    static final NaturalOrder INSTANCE = new NaturalOrder();

    /** Starts an encoded digit run; it sorts where the digits themselves would. */
    private static final char NUMBER = '0';

    private NaturalOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int byKey = key(a).compareTo(key(b));
        return byKey != 0 ? byKey : a.compareTo(b);
    }

    /**
     * Lower-cased letters as they are; each digit run as {@code '0'}, its significant length as one
     * char, then its digits without leading zeros, so longer numbers sort after shorter ones and
     * equal-length numbers digit by digit.
     */
    static String key(String name) {
        StringBuilder key = new StringBuilder(name.length() + 8);
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (isDigit(c)) {
                int end = i;
                while (end < name.length() && isDigit(name.charAt(end))) {
                    end++;
                }
                int start = i;
                while (start < end - 1 && name.charAt(start) == '0') {
                    start++;
                }
                key.append(NUMBER).append((char) (end - start)).append(name, start, end);
                i = end;
            } else {
                key.append(Character.toLowerCase(c));
                i++;
            }
        }
        return key.toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
