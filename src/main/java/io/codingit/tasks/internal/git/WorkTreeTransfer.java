package io.codingit.tasks.internal.git;

import io.codingit.common.PipeReaders;
import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.CommandResult;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxProcess;
import io.codingit.tasks.internal.TaskFailedException;
import org.eclipse.jgit.lib.PersonIdent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;

/**
 * Moves files between the host repository and a sandbox as tar streams through {@code tar} running
 * inside the sandbox as the sandbox user. The server never opens a path of the sandbox's home itself
 * (docs/sandbox.md), so nothing the agent planted there (symbolic links, fifos, hooks) is followed on the
 * host; and it works with any sandbox provider, since only the SPI's commands are used.
 */
public final class WorkTreeTransfer {
    private static final int MAX_IGNORE_FILE = 1024 * 1024;
    private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(10);

    private WorkTreeTransfer() {
    }

    /** Creates {@code workdir} in the sandbox and unpacks the base commit's files into it. */
    public static void importInto(Sandbox sandbox, String workdir, HostRepository repository) {
        CommandResult mkdir = sandbox.run(new Command(List.of("mkdir", "-p", "--", workdir), Sandbox.HOME, Map.of(), null));
        if (!mkdir.succeeded()) {
            throw new TaskFailedException("Cannot create " + workdir + " in the sandbox");
        }
        SandboxProcess tar = sandbox.start(new Command(List.of("tar", "-x", "-f", "-", "--no-same-owner", "-C", workdir),
                workdir, Map.of(), TRANSFER_TIMEOUT));
        try (tar) {
            Drain stderr = Drain.start(tar.stderr());
            Drain stdout = Drain.start(tar.stdout());
            try (OutputStream in = tar.stdin()) {
                repository.writeTar(in);
            }
            int exit = awaitExit(tar);
            stdout.join();
            if (exit != 0) {
                throw new TaskFailedException("Unpacking the repository in the sandbox failed (tar exit " + exit + "): "
                        + stderr.tail());
            }
        } catch (IOException e) {
            throw new TaskFailedException("Copying the repository into the sandbox failed", e);
        }
    }

    /**
     * Reads the sandbox's work tree and commits it on {@code branch}; null when nothing changed.
     * {@code .gitignore} files are read first (through the sandbox's confined file access), so that ignored
     * files (node_modules, build output) are skipped while streaming instead of being stored.
     *
     * @param stop turns true when the work must end (the task's deadline or cancellation); checked per entry
     */
    public static HostRepository.Commit commitFrom(Sandbox sandbox, String workdir, HostRepository repository,
                                                   long maxBytes, String branch, String message, PersonIdent author,
                                                   HostRepository.SkipListener skipped, BooleanSupplier stop) {
        IgnoreRules ignore = ignoreRules(sandbox, workdir);
        SandboxProcess tar = sandbox.start(new Command(List.of("tar", "-c", "-f", "-", "--exclude=.git", "-C", workdir, "."),
                workdir, Map.of(), TRANSFER_TIMEOUT));
        try (tar) {
            Drain stderr = Drain.start(tar.stderr());
            HostRepository.Commit commit;
            try (InputStream out = tar.stdout()) {
                commit = repository.commit(out, ignore, maxBytes, branch, message, author, skipped, stop);
                out.transferTo(OutputStream.nullOutputStream());
            }
            int exit = awaitExit(tar);
            // GNU tar exits 1 when a file changed while it was read; 2 is fatal
            if (exit > 1) {
                throw new TaskFailedException("Reading the work tree from the sandbox failed (tar exit " + exit + "): "
                        + stderr.tail());
            }
            return commit;
        } catch (IOException e) {
            throw new TaskFailedException("Reading the work tree from the sandbox failed", e);
        }
    }

    private static IgnoreRules ignoreRules(Sandbox sandbox, String workdir) {
        CommandResult found = sandbox.run(new Command(List.of("find", ".", "-name", ".git", "-prune", "-o",
                "-name", ".gitignore", "-type", "f", "-print"), workdir, Map.of(), Duration.ofMinutes(1)));
        IgnoreRules rules = new IgnoreRules();
        if (!found.succeeded()) {
            return rules;
        }
        for (String line : found.stdout().split("\n")) {
            if (!line.startsWith("./") || !line.endsWith("/.gitignore")) {
                continue;
            }
            String relative = line.substring(2);
            String directory = relative.equals(".gitignore") ? "" : relative.substring(0, relative.length() - "/.gitignore".length());
            try {
                rules.add(directory, sandbox.files().read(workdir + "/" + relative, MAX_IGNORE_FILE));
            } catch (RuntimeException e) {
                // unreadable or too large: its rules do not apply, the files are committed
            }
        }
        return rules;
    }

    private static int awaitExit(SandboxProcess process) {
        try {
            OptionalInt exit = process.waitFor(TRANSFER_TIMEOUT);
            if (exit.isEmpty()) {
                throw new TaskFailedException("Copying files to or from the sandbox timed out");
            }
            return exit.getAsInt();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.codingit.tasks.internal.TaskCancelledException();
        }
    }

    /** Reads a stream to its end on a virtual thread, keeping the last few KB (for error messages). */
    private static final class Drain {
        private static final int KEEP = 4096;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final Thread thread;

        private Drain(InputStream in) {
            this.thread = PipeReaders.start("task-transfer-output", () -> {
                byte[] buffer = new byte[8192];
                try (in) {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        synchronized (kept) {
                            if (kept.size() < KEEP) {
                                kept.write(buffer, 0, Math.min(n, KEEP - kept.size()));
                            }
                        }
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            });
        }

        static Drain start(InputStream in) {
            return new Drain(in);
        }

        void join() {
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        String tail() {
            join();
            synchronized (kept) {
                String text = kept.toString(StandardCharsets.UTF_8).strip();
                return text.length() > 500 ? text.substring(0, 500) : text;
            }
        }
    }
}
