package io.codingit.sandbox.internal;

import io.codingit.common.DataDirectory;
import io.codingit.sandbox.RegistryEgressProperties;
import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.SandboxTemplate;
import io.codingit.sandbox.TemplateProperties;
import io.codingit.sandbox.TemplateReadiness;
import io.codingit.sandbox.TemplateReadiness.Status;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prepares template homes once per server, in the background at first need: the template's files (with
 * its committed {@code package-lock.json}) are copied to a staging directory, {@code npm ci --ignore-scripts}
 * fills its {@code node_modules}, and the result is renamed into the cache as
 * {@code <cache>/<templateId>-<content hash>/home}, which every sandbox of the template then uses read-only
 * as the lower layer of its copy-on-write home. A home is keyed by the hash of the template's files, so a
 * changed lock file is prepared anew and an unchanged one is reused across restarts (and by tests).
 *
 * <p>Why on the host, and safely so: the sandboxes have no network by default, so npm runs on the host,
 * but (when the server is root) as the unprivileged sandbox uid with no capabilities and no_new_privs,
 * with {@code --ignore-scripts} (no package's own code runs at preparation: package code only ever runs
 * inside sandboxes), from a lock file whose {@code integrity} hashes npm verifies for every tarball, and with
 * a clean environment (none of the server's secrets).
 */
@Component
class TemplatePreparations {
    private static final Logger log = LoggerFactory.getLogger(TemplatePreparations.class);
    private static final String READY_MARKER = ".codingit-ready";
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);
    private static final Pattern LOCK_PACKAGE = Pattern.compile("\"node_modules/([^\"]+)\"\\s*:");

    private final TemplateProperties properties;
    private final RegistryEgressProperties registries;
    private final int uid;
    /** A qualified exception class name as Java prints it before a message ("java.io.IOException: "). */
    private static final Pattern JAVA_CLASS_NAME = Pattern.compile(
            "\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b:?\\s*");
    private final Path cacheDir;
    private final Map<String, TemplateReadiness> states = new ConcurrentHashMap<>();
    private final Map<String, Instant> failedAt = new ConcurrentHashMap<>();
    /** The content hashes (the files are on the class path: they do not change while the server runs). */
    private final Map<String, String> hashes = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("template-preparation").factory());

    TemplatePreparations(TemplateProperties properties, SandboxProperties sandboxProperties,
                         RegistryEgressProperties registries, DataDirectory dataDirectory) {
        this.properties = properties;
        this.registries = registries;
        this.uid = sandboxProperties.uid();
        this.cacheDir = (properties.cacheDir().isBlank()
                ? dataDirectory.root().resolve("sandbox").resolve("template-cache") : Path.of(properties.cacheDir()))
                .toAbsolutePath().normalize();
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    /** The readiness of a template; with {@code prepare}, starts its preparation when it has not started. */
    TemplateReadiness readiness(SandboxTemplate template, boolean prepare) {
        if (template.preparation() == null) {
            return TemplateReadiness.ready();
        }
        if (preparedHome(template).isPresent()) {
            return TemplateReadiness.ready();
        }
        TemplateReadiness state = states.get(template.id());
        boolean mayRetry = state == null || (state.status() == Status.UNAVAILABLE
                && failedAt.getOrDefault(template.id(), Instant.MIN).plus(RETRY_AFTER_FAILURE).isBefore(Instant.now()));
        if (prepare && mayRetry) {
            TemplateReadiness starting = new TemplateReadiness(Status.PREPARING, 0.0, "waiting to start");
            if (state == null ? states.putIfAbsent(template.id(), starting) == null : states.replace(template.id(), state, starting)) {
                worker.submit(() -> prepare(template));
                return starting;
            }
            return states.get(template.id());
        }
        return state == null ? new TemplateReadiness(Status.NOT_PREPARED, 0.0, "prepared at first use") : state;
    }

    /** The prepared home of the template, when it is ready. */
    Optional<Path> preparedHome(SandboxTemplate template) {
        if (template.preparation() == null) {
            return Optional.empty();
        }
        Path dir = cacheDir.resolve(template.id() + "-" + contentHash(template));
        return Files.exists(dir.resolve(READY_MARKER)) ? Optional.of(dir.resolve("home")) : Optional.empty();
    }

    private void prepare(SandboxTemplate template) {
        try {
            switch (template.preparation()) {
                case "npm" -> prepareWithNpm(template);
                case "pip" -> preparePip(template);
                default -> fail(template, "unknown preparation '" + template.preparation() + "'");
            }
        } catch (RuntimeException | IOException e) {
            log.warn("Preparing template {} failed", template.id(), e);
            fail(template, "preparation failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(template, "preparation was interrupted (server shutting down)");
        }
    }

    /**
     * Marks the template unavailable. The reason is shown to every user by /api/templates, so the host's paths
     * (an installer's log names files in the staging home under the cache) and Java class names are taken out;
     * the server log keeps the reason as it was.
     */
    private void fail(SandboxTemplate template, String reason) {
        String shown = JAVA_CLASS_NAME.matcher(reason.replace(cacheDir.toString(), "<template cache>")).replaceAll("");
        if (!shown.equals(reason)) {
            log.warn("Template {} is unavailable: {}", template.id(), reason);
        }
        failedAt.put(template.id(), Instant.now());
        states.put(template.id(), new TemplateReadiness(Status.UNAVAILABLE, null, shown));
    }

    private void progress(SandboxTemplate template, Double fraction, String what) {
        states.put(template.id(), new TemplateReadiness(Status.PREPARING, fraction, what));
    }

    private void prepareWithNpm(SandboxTemplate template) throws IOException, InterruptedException {
        if (!isExecutable(properties.npm()) || !Files.isExecutable(Path.of("/usr/bin/node"))) {
            fail(template, "Node.js and npm are not installed: install the Debian packages `nodejs npm`"
                    + " (node must be /usr/bin/node, which the sandboxes see)");
            return;
        }
        Path npmCache = cacheDir.resolve(".npm-cache");
        prepareWith(template, new Installer("npm ci", (staging, home) -> {
            Files.createDirectories(npmCache);
            Path npmHome = Files.createDirectories(staging.resolve("installer-home"));
            if (isRoot()) {
                chown(npmCache);
                chown(npmHome);
            }
            int total = Math.max(1, countLockPackages(home.resolve("package-lock.json")));
            return new Run(List.of(properties.npm(), "ci", "--ignore-scripts", "--no-audit", "--no-fund",
                    "--no-update-notifier", "--loglevel=warn"),
                    Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", npmHome.toString(),
                            "npm_config_cache", npmCache.toString(), "LANG", "C.UTF-8"),
                    () -> {
                        int installed = Math.min(countInstalled(home.resolve("node_modules")), total);
                        return new Progress(Math.min(0.99, (double) installed / total),
                                "npm ci: " + installed + " of " + total + " packages");
                    });
        }));
    }

    /**
     * The pip templates: their packages ({@code prepareCommand}'s {@code pip install} list) from the configured
     * Python index into the home's user site ({@code ~/.local}), which every sandbox of the template reads.
     * Wheels only ({@code --only-binary=:all:}): no package's build or setup code runs on the host, as npm's
     * {@code --ignore-scripts}; as the sandbox uid with no capabilities, in a clean environment.
     */
    private void preparePip(SandboxTemplate template) throws IOException, InterruptedException {
        List<String> packages = pipPackages(template);
        if (packages.isEmpty()) {
            fail(template, "the template names no packages to install (prepareCommand: pip install <packages>)");
            return;
        }
        String index = registries.pythonIndexUrl();
        prepareWith(template, new Installer("pip install", (staging, home) -> {
            Path pipHome = Files.createDirectories(staging.resolve("installer-home"));
            if (isRoot()) {
                chown(pipHome);
            }
            List<String> argv = new ArrayList<>(List.of("/usr/bin/python3", "-m", "pip", "install", "--user",
                    "--only-binary=:all:", "--no-cache-dir", "--disable-pip-version-check", "--no-warn-script-location",
                    "--progress-bar", "off", "--index-url", index));
            URI indexUri = URI.create(index);
            if ("http".equalsIgnoreCase(indexUri.getScheme()) && indexUri.getHost() != null) {
                argv.addAll(List.of("--trusted-host", indexUri.getPort() > 0
                        ? indexUri.getHost() + ":" + indexUri.getPort() : indexUri.getHost()));
            }
            argv.addAll(packages);
            Path installerLog = staging.resolve("installer.log");
            return new Run(argv, Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", pipHome.toString(),
                    "PYTHONUSERBASE", home.resolve(".local").toString(), "PIP_BREAK_SYSTEM_PACKAGES", "1",
                    "LANG", "C.UTF-8"),
                    () -> new Progress(null, "pip install: " + lastLine(installerLog)));
        }));
    }

    /** The packages of a pip template: the arguments of its {@code pip install} prepare command. */
    static List<String> pipPackages(SandboxTemplate template) {
        String command = template.prepareCommand() == null ? "" : template.prepareCommand().strip();
        if (!command.startsWith("pip install ")) {
            return List.of();
        }
        return Arrays.stream(command.substring("pip install ".length()).trim().split("\\s+"))
                .filter(p -> !p.isEmpty() && !p.startsWith("-")).toList();
    }

    /** One installer run in a staging home: its command line, its whole environment, and how far it is. */
    private record Run(List<String> argv, Map<String, String> environment, IoSupplier<Progress> progress) {
    }

    private record Progress(Double fraction, String text) {
    }

    @FunctionalInterface
    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    /** How a preparation installs into the staging home (the template's files are already there). */
    private record Installer(String name, RunFactory run) {
    }

    @FunctionalInterface
    private interface RunFactory {
        Run create(Path staging, Path home) throws IOException, InterruptedException;
    }

    /**
     * Copies the template's files into a staging home, runs the installer there (as the sandbox uid when the
     * server is root, with only the environment it names: none of the server's secrets), then renames the
     * staging directory into the cache, where it is the read-only lower layer of every sandbox's home.
     */
    private void prepareWith(SandboxTemplate template, Installer installer) throws IOException, InterruptedException {
        String untraversable = firstUntraversable(cacheDir);
        if (untraversable != null) {
            log.warn("Template cache {} is not reachable by the sandbox uid: {} is not traversable by others",
                    cacheDir, untraversable);
            fail(template, "the template cache is not reachable by the sandbox uid (one of its parent directories "
                    + "is not traversable by others; the server log names it): set codingit.templates.cache-dir "
                    + "elsewhere");
            return;
        }
        progress(template, 0.0, "copying the template's files");
        Files.createDirectories(cacheDir);
        Path staging = cacheDir.resolve(".staging-" + template.id() + "-" + UUID.randomUUID());
        Path home = staging.resolve("home");
        try {
            Files.createDirectories(home);
            for (String file : template.files()) {
                Path target = home.resolve(file).normalize();
                if (!target.startsWith(home)) {
                    throw new IllegalStateException("template file outside its home: " + file);
                }
                Files.createDirectories(target.getParent());
                Files.write(target, resource(template, file));
            }
            for (Path p : List.of(cacheDir, staging)) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx--x--x"));
            }
            if (isRoot()) {
                chown(staging);
            }
            Run run = installer.run().create(staging, home);
            Progress started = run.progress().get();
            progress(template, started.fraction(), started.text());
            List<String> argv = new ArrayList<>();
            if (isRoot()) {
                argv.addAll(List.of("setpriv", "--reuid", Integer.toString(uid), "--regid", Integer.toString(uid),
                        "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"));
            }
            argv.addAll(run.argv());
            Path installerLog = staging.resolve("installer.log");
            ProcessBuilder pb = new ProcessBuilder(argv).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(installerLog.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            // a clean environment: none of the server's variables (database passwords, API keys) reach the installer
            pb.environment().clear();
            pb.environment().putAll(run.environment());
            Process process = pb.start();
            Instant deadline = Instant.now().plus(properties.prepareTimeout());
            while (!process.waitFor(500, TimeUnit.MILLISECONDS)) {
                if (Instant.now().isAfter(deadline)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    fail(template, installer.name() + " took longer than " + properties.prepareTimeout().toMinutes()
                            + " minutes");
                    return;
                }
                Progress now = run.progress().get();
                progress(template, now.fraction(), now.text());
            }
            if (process.exitValue() != 0) {
                fail(template, installer.name() + " failed with exit code " + process.exitValue() + ": " + tail(installerLog));
                return;
            }
            Files.writeString(staging.resolve(READY_MARKER), Instant.now().toString());
            Path target = cacheDir.resolve(template.id() + "-" + contentHash(template));
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                staging = null;
            } catch (IOException e) {
                if (!Files.exists(target.resolve(READY_MARKER))) {
                    throw e;
                }
                // another server sharing the cache finished first: use its home
            }
            states.put(template.id(), TemplateReadiness.ready());
            log.info("Template {} prepared in {}", template.id(), target);
        } finally {
            if (staging != null) {
                deleteQuietly(staging);
            }
        }
    }

    private static String lastLine(Path log) {
        try {
            if (!Files.exists(log)) {
                return "starting";
            }
            List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
            String last = lines.isEmpty() ? "starting" : lines.getLast().strip();
            return last.length() > 120 ? last.substring(0, 120) + "..." : last;
        } catch (IOException | java.io.UncheckedIOException e) {
            return "running";
        }
    }

    /**
     * A hash of what the template's home is made from: its files (its lock file included) and, for a pip
     * preparation, the packages it installs and the index they come from. A changed template is prepared anew,
     * and the dependency layers built over it are built anew. Defined for templates without a preparation too.
     */
    String contentHash(SandboxTemplate template) {
        return hashes.computeIfAbsent(template.id(), id -> computeHash(template));
    }

    private String computeHash(SandboxTemplate template) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(String.valueOf(template.preparation()).getBytes(StandardCharsets.UTF_8));
            if ("pip".equals(template.preparation())) {
                // (npm's packages and their sources are in the lock file, one of the files)
                digest.update(("\0" + template.prepareCommand() + "\0" + registries.pythonIndexUrl()).getBytes(StandardCharsets.UTF_8));
            }
            for (String file : template.files()) {
                digest.update(file.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(resource(template, file));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] resource(SandboxTemplate template, String file) {
        String name = "/io/codingit/sandbox/templates/" + template.id() + "/" + file;
        try (InputStream in = TemplatePreparations.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int countLockPackages(Path lock) throws IOException {
        Matcher m = LOCK_PACKAGE.matcher(Files.readString(lock));
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Package directories npm has unpacked so far (top level and nested), for the progress figure. */
    private static int countInstalled(Path nodeModules) {
        if (!Files.isDirectory(nodeModules)) {
            return 0;
        }
        try (var walk = Files.walk(nodeModules, 6)) {
            return (int) walk.filter(p -> p.getFileName().toString().equals("package.json")
                    && p.getParent().getParent() != null
                    && (p.getParent().getParent().getFileName().toString().equals("node_modules")
                    || p.getParent().getParent().getFileName().toString().startsWith("@"))).count();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log).strip();
            return text.length() > 2000 ? "..." + text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** The first ancestor of {@code dir} (itself excluded) that others cannot traverse, or null. */
    private static String firstUntraversable(Path dir) {
        for (Path p = dir.getParent(); p != null; p = p.getParent()) {
            try {
                if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return p.toString();
                }
            } catch (IOException e) {
                return p.toString();
            }
        }
        return null;
    }

    private void chown(Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("chown", "-R", uid + ":" + uid, path.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("chown " + path + " failed: " + out);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean isExecutable(String program) {
        if (program.contains("/")) {
            return Files.isExecutable(Path.of(program));
        }
        for (String dir : List.of("/usr/local/bin", "/usr/bin", "/bin")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static void deleteQuietly(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.warn("could not remove {}: {}", root, e.getMessage());
        }
    }
}
