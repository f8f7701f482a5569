package io.codingit.sandbox.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.eclipse.jetty.http.HttpMethod;

import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxFiles;
import io.codingit.sandbox.spi.SandboxPathException;
import io.codingit.sandbox.spi.SandboxPathException.Reason;
import tools.jackson.databind.JsonNode;

/**
 * A sandbox's files through its agent. The agent resolves every path inside the sandbox, as the sandbox
 * user, and refuses what leads outside the home (links the sandbox planted included); this class
 * translates its answers into the SPI's {@link SandboxPathException}s.
 */
public final class AgentSandboxFiles implements SandboxFiles {
    private static final Duration FILE_TIMEOUT = Duration.ofSeconds(60);
    private static final int TREE_DEPTH = 20;
    private final AgentClient client;

    public AgentSandboxFiles(AgentClient client) {
        this.client = client;
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
        List<String> query = new ArrayList<>(List.of("path", dir, "depth", Integer.toString(TREE_DEPTH)));
        skipNames.forEach(name -> query.addAll(List.of("skip", name)));
        JsonNode listing = files(() -> client.json(HttpMethod.GET, "/v1/files/list" + AgentClient.query(query), null,
                FILE_TIMEOUT));
        return nodes(listing.path("entries"), skipNames);
    }

    /** Directories first, then by name; entries named in {@code skipNames} are left out, as before the agent. */
    private static List<FileNode> nodes(JsonNode entries, Set<String> skipNames) {
        List<FileNode> nodes = new ArrayList<>();
        for (JsonNode e : entries) {
            String name = e.path("name").asString();
            if (skipNames.contains(name)) {
                continue;
            }
            boolean isDir = "directory".equals(e.path("type").asString());
            nodes.add(new FileNode(name, e.path("path").asString(), isDir,
                    isDir ? nodes(e.path("children"), skipNames) : null));
        }
        nodes.sort(Comparator.comparing((FileNode n) -> !n.isDirectory()).thenComparing(FileNode::name));
        return nodes;
    }

    @Override
    public byte[] read(String path, long maxBytes) {
        String p = normalize(path);
        return files(() -> {
            try (InputStream in = client.call(HttpMethod.GET, "/v1/files/content" + AgentClient.query(
                    List.of("path", p, "maxBytes", Long.toString(Math.max(1, maxBytes)))), null, null, FILE_TIMEOUT)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException("could not read " + p + " from the sandbox", e);
            }
        });
    }

    @Override
    public void write(String path, byte[] content) {
        String p = normalize(path);
        if (p.equals(Sandbox.HOME)) {
            throw new SandboxPathException(Reason.NOT_A_FILE, Sandbox.HOME + " is a directory");
        }
        files(() -> {
            try (InputStream in = client.call(HttpMethod.PUT, "/v1/files/content" + AgentClient.query(
                    List.of("path", p, "mkdirs", "true")), content, "application/octet-stream", FILE_TIMEOUT)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException("could not write " + p + " in the sandbox", e);
            }
        });
    }

    @Override
    public boolean isDirectory(String path) {
        String p = normalize(path);
        try {
            JsonNode entry = files(() -> client.json(HttpMethod.GET, "/v1/files/stat" + AgentClient.query(List.of("path", p)),
                    null, FILE_TIMEOUT));
            return "directory".equals(entry.path("type").asString());
        } catch (SandboxPathException e) {
            if (e.reason() == Reason.NOT_FOUND || e.reason() == Reason.NOT_A_FILE) {
                return false;
            }
            throw e;
        }
    }

    private static <T> T files(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (AgentCallException e) {
            throw switch (e.code()) {
                case "outside_root", "forbidden" -> new SandboxPathException(Reason.OUTSIDE_HOME, e.getMessage());
                case "not_found" -> new SandboxPathException(Reason.NOT_FOUND, e.getMessage());
                case "not_a_file", "not_a_directory" -> new SandboxPathException(Reason.NOT_A_FILE, e.getMessage());
                case "too_large" -> new SandboxPathException(Reason.TOO_LARGE, e.getMessage());
                // the rest (an agent that refuses the secret, is busy or failed) is for the provider to judge
                default -> e;
            };
        }
    }
}
