package io.codingit.sandbox.local;

import io.codingit.common.PipeReaders;
import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxFiles;
import io.codingit.sandbox.spi.SandboxPathException;
import io.codingit.sandbox.spi.SandboxPathException.Reason;
import io.codingit.sandbox.spi.SandboxProcess;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sandbox files, read and written by small commands that run inside the sandbox as the sandbox user.
 * The server never opens a path under a sandbox's home itself, so a symbolic link the sandbox planted
 * (to /etc/shadow, to another sandbox) can at worst point into the sandbox's own read-only view of the
 * system; even that is refused, because each path is resolved inside and must stay under /home/user.
 */
final class InSandboxFiles implements SandboxFiles {
    private static final Duration FILE_COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final String CONFINE = "case \"$r\" in /home/user|/home/user/*) ;; *) exit 4;; esac; ";
    private static final String READ = "r=$(realpath -e -- \"$1\" 2>/dev/null) || exit 3; " + CONFINE
            + "[ -f \"$r\" ] || exit 5; [ \"$(stat -c %s -- \"$r\")\" -le \"$2\" ] || exit 6; exec cat -- \"$r\"";
    private static final String WRITE = "d=$(dirname -- \"$1\"); b=$(basename -- \"$1\"); "
            + "r=$(realpath -m -- \"$d\") || exit 4; " + CONFINE + "mkdir -p -- \"$r\" || exit 7; "
            + "r=$(realpath -e -- \"$d\") || exit 3; " + CONFINE + "t=\"$r/$b\"; "
            + "[ -L \"$t\" ] && exit 4; [ -d \"$t\" ] && exit 5; exec cat > \"$t\"";
    private static final String TREE = "r=$(realpath -e -- \"$1\" 2>/dev/null) || exit 3; " + CONFINE
            + "[ -d \"$r\" ] || exit 5; d=$1; shift; shift; "
            + "exec find \"$r\" -mindepth 1 -maxdepth 20 \"$@\" -printf '%y %p\\0'";

    private static final String IS_DIRECTORY = "r=$(realpath -e -- \"$1\" 2>/dev/null) || exit 3; " + CONFINE
            + "[ -d \"$r\" ] || exit 5";

    private final Sandbox sandbox;

    InSandboxFiles(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    @Override
    public String normalize(String path) {
        if (path == null || path.isBlank()) {
            throw new SandboxPathException(Reason.OUTSIDE_HOME, "a path is required");
        }
        if (path.indexOf('\0') >= 0) {
            throw new SandboxPathException(Reason.OUTSIDE_HOME, "path contains a NUL byte");
        }
        Path home = Path.of(Sandbox.HOME);
        Path resolved = path.startsWith("/") ? Path.of(path).normalize() : home.resolve(path).normalize();
        if (!resolved.startsWith(home)) {
            throw new SandboxPathException(Reason.OUTSIDE_HOME, "path " + path + " is outside " + Sandbox.HOME);
        }
        return resolved.toString();
    }

    @Override
    public List<FileNode> tree(String directory, Set<String> skipNames) {
        String dir = normalize(directory == null ? Sandbox.HOME : directory);
        List<String> args = new ArrayList<>(List.of(dir, "-"));
        for (String skip : skipNames) {
            args.addAll(List.of("-name", skip, "-prune", "-o"));
        }
        Outcome o = exec(TREE, args, null, 16L * 1024 * 1024);
        check(o, dir);
        Map<String, FileNode> byPath = new LinkedHashMap<>();
        List<String> entries = new ArrayList<>();
        for (String entry : new String(o.stdout(), StandardCharsets.UTF_8).split("\0")) {
            if (entry.length() > 2) {
                entries.add(entry);
            }
        }
        entries.sort(Comparator.comparing(e -> e.substring(2)));
        List<FileNode> roots = new ArrayList<>();
        for (String entry : entries) {
            boolean isDir = entry.charAt(0) == 'd';
            String path = entry.substring(2);
            String name = path.substring(path.lastIndexOf('/') + 1);
            FileNode node = new FileNode(name, path, isDir, isDir ? new ArrayList<>() : null);
            byPath.put(path, node);
            FileNode parent = byPath.get(path.substring(0, path.lastIndexOf('/')));
            (parent == null ? roots : parent.children()).add(node);
        }
        sortTree(roots);
        return roots;
    }

    private static void sortTree(List<FileNode> nodes) {
        nodes.sort(Comparator.comparing((FileNode n) -> !n.isDirectory()).thenComparing(FileNode::name));
        nodes.stream().filter(FileNode::isDirectory).forEach(n -> sortTree(n.children()));
    }

    @Override
    public boolean isDirectory(String path) {
        String p = normalize(path);
        Outcome o = exec(IS_DIRECTORY, List.of(p), null, 4096);
        if (o.exitCode() == 3 || o.exitCode() == 5) {
            return false;
        }
        check(o, p);
        return true;
    }

    @Override
    public byte[] read(String path, long maxBytes) {
        String p = normalize(path);
        Outcome o = exec(READ, List.of(p, Long.toString(maxBytes)), null, maxBytes);
        check(o, p);
        return o.stdout();
    }

    @Override
    public void write(String path, byte[] content) {
        String p = normalize(path);
        if (p.equals(Sandbox.HOME)) {
            throw new SandboxPathException(Reason.NOT_A_FILE, Sandbox.HOME + " is a directory");
        }
        check(exec(WRITE, List.of(p), content, 4096), p);
    }

    private static void check(Outcome o, String path) {
        switch (o.exitCode()) {
            case 0 -> { }
            case 3 -> throw new SandboxPathException(Reason.NOT_FOUND, "no such file or directory: " + path);
            case 4 -> throw new SandboxPathException(Reason.OUTSIDE_HOME,
                    "path " + path + " resolves outside " + Sandbox.HOME);
            case 5 -> throw new SandboxPathException(Reason.NOT_A_FILE, "not a regular file or directory as needed: " + path);
            case 6 -> throw new SandboxPathException(Reason.TOO_LARGE, "file is too large: " + path);
            default -> throw new IllegalStateException("file operation on " + path + " failed with exit code "
                    + o.exitCode() + ": " + o.stderr());
        }
    }

    private record Outcome(int exitCode, byte[] stdout, String stderr) {
    }

    private Outcome exec(String script, List<String> args, byte[] stdin, long maxStdout) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", script, "sh"));
        argv.addAll(args);
        try (SandboxProcess p = sandbox.start(new Command(argv, Sandbox.HOME, Map.of(), FILE_COMMAND_TIMEOUT))) {
            CappedOutput out = new CappedOutput(maxStdout);
            CappedOutput err = new CappedOutput(64 * 1024);
            Thread outReader = PipeReaders.start("sandbox-files-stdout", () -> out.drain(p.stdout()));
            Thread errReader = PipeReaders.start("sandbox-files-stderr", () -> err.drain(p.stderr()));
            try (OutputStream in = p.stdin()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            } catch (IOException e) {
                // the script exited before reading; its exit code tells why
            }
            var exit = p.waitFor(FILE_COMMAND_TIMEOUT);
            outReader.join(Duration.ofSeconds(5));
            errReader.join(Duration.ofSeconds(5));
            if (exit.isEmpty()) {
                throw new IllegalStateException("file operation timed out");
            }
            return new Outcome(exit.getAsInt(), out.bytes(), err.text().strip());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (UncheckedIOException e) {
            throw e;
        }
    }
}
