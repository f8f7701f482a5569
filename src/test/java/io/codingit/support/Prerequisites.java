package io.codingit.support;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (a real sandbox host, PostgreSQL, Redis, Chromium, Node.js).
 * When it is missing the test does not pass by not running: under {@code CI=true} it fails, naming
 * the Debian package to install; elsewhere it is reported as skipped with the reason, and
 * {@link SkippedTestsSummary} lists every such reason in one line at the end of the run.
 */
public final class Prerequisites {
    /** The packages a sandbox host needs (docs/sandbox.md); sandboxes also need root. */
    public static final String SANDBOX_PACKAGES = "bubblewrap passt iproute2 python3-seccomp";
    public static final String BROWSER_PACKAGES = "chromium chromium-driver";
    public static final String REDIS_PACKAGES = "redis-server";
    public static final String POSTGRES_PACKAGES = "postgresql";
    public static final String NODE_PACKAGES = "nodejs npm";

    private Prerequisites() {
    }

    /** Whether this run promises every prerequisite ({@code .ci/run} sets {@code CI=true}). */
    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Continues when {@code present}; otherwise fails under CI and skips elsewhere.
     *
     * @param missing  what is missing, said so that a reader knows what to fix
     * @param packages the Debian packages that provide it
     */
    public static void require(boolean present, String missing, String packages) {
        if (present) {
            return;
        }
        String reason = reason(missing, packages);
        if (ci()) {
            throw new MissingPrerequisite(reason + " (CI=true: every prerequisite must be there)");
        }
        Assumptions.abort(reason);
    }

    /** The message a missing prerequisite gives, for callers that report it their own way. */
    public static String reason(String missing, String packages) {
        return missing + " [apt-get install " + packages + "]";
    }

    /** A promised prerequisite is missing: the run fails instead of skipping. */
    public static final class MissingPrerequisite extends AssertionError {
        public MissingPrerequisite(String message) {
            super(message);
        }
    }
}
