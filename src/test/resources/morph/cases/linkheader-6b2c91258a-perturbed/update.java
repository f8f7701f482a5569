    // ... existing code ...
    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]*)*)");
    /** {@code rel="a b"} (a space-separated list) or {@code rel=a}. */
    private static final Pattern REL = Pattern.compile(";\\s*rel\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;,\"]+))");

        // ... existing code ...
        while (m.find()) {
            Matcher rel = REL.matcher(m.group(2));
            if (rel.find() && isNext(rel.group(1) != null ? rel.group(1) : rel.group(2))) {
                return Optional.of(URI.create(m.group(1).trim()));
    // ... existing code ...
    }

    private static boolean isNext(String relations) {
        for (String relation : relations.trim().split("\\s+")) {
            if (relation.equalsIgnoreCase("next")) {
                return true;
            }
        }
        return false;
    }
}
