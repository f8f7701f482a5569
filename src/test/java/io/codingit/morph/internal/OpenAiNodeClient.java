package io.codingit.morph.internal;

import io.codingit.support.Prerequisites;
import io.codingit.support.TestApi;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The official {@code openai} npm package, installed once per machine from the committed lock file
 * (src/test/resources/morph/openai-client, {@code npm ci} into a directory under java.io.tmpdir keyed by the
 * lock file's hash, npm's cache beside it, as the web templates are prepared), run with Node as a client of
 * this server's {@code /v1/chat/completions}.
 */
final class OpenAiNodeClient {

    private static final String RESOURCES = "/morph/openai-client/";
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "apply.mjs");

    private final Path directory;

    private OpenAiNodeClient(Path directory) {
        this.directory = directory;
    }

    static synchronized OpenAiNodeClient prepared() throws IOException, InterruptedException {
        boolean node = Files.isExecutable(Path.of("/usr/bin/node")) && onPath("npm");
        Prerequisites.require(node, "the openai client test needs Node.js and npm", Prerequisites.NODE_PACKAGES);
        byte[] lock = resource("package-lock.json");
        Path directory = Path.of(System.getProperty("java.io.tmpdir"), "codingit-test-openai-client",
                sha256(lock).substring(0, 16));
        if (!Files.isDirectory(directory.resolve("node_modules/openai"))) {
            Files.createDirectories(directory);
            for (String file : FILES) {
                Files.write(directory.resolve(file), resource(file));
            }
            ProcessBuilder install = new ProcessBuilder("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund")
                    .directory(directory.toFile()).redirectErrorStream(true);
            install.environment().put("npm_config_cache", directory.resolve(".npm-cache").toString());
            Process npm = install.start();
            String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                throw new IllegalStateException("npm ci of the openai client failed: " + output);
            }
        } else {
            // the script may have changed without the lock file
            Files.write(directory.resolve("apply.mjs"), resource("apply.mjs"));
        }
        return new OpenAiNodeClient(directory);
    }

    /** Runs apply.mjs in the given mode; returns the JSON line it printed. */
    JsonNode run(String mode, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("node", "apply.mjs", mode).directory(directory.toFile());
        builder.environment().putAll(environment);
        Process node = builder.start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!node.waitFor(60, TimeUnit.SECONDS) || node.exitValue() != 0 || output.isBlank()) {
            throw new IllegalStateException("node apply.mjs " + mode + " failed: " + output + errors);
        }
        return TestApi.JSON.readTree(output.strip());
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
        try (InputStream in = OpenAiNodeClient.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IOException("missing test resource " + RESOURCES + name);
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
