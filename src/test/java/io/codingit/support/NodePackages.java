package io.codingit.support;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * npm packages that tests run with Node as real clients (the {@code openai} client, the MCP TypeScript SDK):
 * installed once per machine from a committed lock file under src/test/resources ({@code npm ci} into a
 * directory under java.io.tmpdir keyed by the lock file's hash, npm's cache beside it, as the web templates
 * are prepared); the scripts are copied again on every use, as they may change without the lock file.
 */
public final class NodePackages {
    private final Path directory;

    private NodePackages(Path directory) {
        this.directory = directory;
    }

    /**
     * @param resources the resource directory, e.g. {@code /mcp/ts-client/}
     * @param scripts   the scripts beside package.json and package-lock.json
     * @param marker    a package whose presence under node_modules means the install is complete
     */
    public static synchronized NodePackages install(String resources, List<String> scripts, String marker)
            throws IOException, InterruptedException {
        boolean node = Files.isExecutable(Path.of("/usr/bin/node")) && onPath("npm");
        Prerequisites.require(node, "the Node client tests need Node.js and npm", Prerequisites.NODE_PACKAGES);
        byte[] lock = resource(resources + "package-lock.json");
        Path directory = Path.of(System.getProperty("java.io.tmpdir"),
                "codingit-test-" + resources.replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", ""),
                sha256(lock).substring(0, 16));
        if (!Files.isDirectory(directory.resolve("node_modules").resolve(marker))) {
            Files.createDirectories(directory);
            Files.write(directory.resolve("package.json"), resource(resources + "package.json"));
            Files.write(directory.resolve("package-lock.json"), lock);
            ProcessBuilder install = new ProcessBuilder("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund")
                    .directory(directory.toFile()).redirectErrorStream(true);
            install.environment().put("npm_config_cache", directory.resolve(".npm-cache").toString());
            Process npm = install.start();
            String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                throw new IllegalStateException("npm ci in " + resources + " failed: " + output);
            }
        }
        for (String script : scripts) {
            Files.write(directory.resolve(script), resource(resources + script));
        }
        return new NodePackages(directory);
    }

    /** Runs {@code node <arguments>}; returns the JSON of the last line it printed. */
    public JsonNode run(Map<String, String> environment, Duration timeout, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("node"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().putAll(environment);
        Process node = builder.start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!node.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || node.exitValue() != 0 || output.isBlank()) {
            throw new IllegalStateException("node " + String.join(" ", arguments) + " failed: " + output + errors);
        }
        return TestApi.JSON.readTree(output.strip().lines().reduce((a, b) -> b).orElseThrow());
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = NodePackages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
