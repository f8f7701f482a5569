package io.codingit.sandbox.local;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a runsc can run the {@code gvisor} level: it must run and be at least the build this level was
 * made and tested with (Debian's {@code 0.0~20221219}; it has {@code --host-uds=all}, which the agent's socket
 * needs). Versions read as {@code runsc version 0.0~YYYYMMDD.N} (Debian) or {@code release-YYYYMMDD.N} (upstream).
 */
final class RunscVersion {
    static final int OLDEST = 20221219;
    private static final Pattern DATE = Pattern.compile("runsc version (?:\\S*?[~-])?(\\d{8})");

    private RunscVersion() {
    }

    /** Null when usable, else why not, naming the package. */
    static String problem(String runsc) {
        if (!HostCommands.exists(runsc)) {
            return "isolation level 'gvisor' needs runsc (" + runsc.replaceAll("[^A-Za-z0-9_./-]", "?")
                    + " not found): install the Debian package `runsc` (apt-get install runsc)";
        }
        HostCommands.Result version = HostCommands.run(runsc, "--version");
        Matcher m = DATE.matcher(version.output());
        if (!version.ok() || !m.find()) {
            return "isolation level 'gvisor': runsc did not tell its version (runsc --version); "
                    + "install the Debian package `runsc` (apt-get install runsc)";
        }
        int date = Integer.parseInt(m.group(1));
        if (date < OLDEST) {
            return "isolation level 'gvisor' needs runsc " + OLDEST + " or newer, found " + date
                    + ": upgrade the Debian package `runsc`";
        }
        return null;
    }
}
