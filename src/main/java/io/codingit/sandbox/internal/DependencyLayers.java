package io.codingit.sandbox.internal;

import io.codingit.common.DataDirectory;
import io.codingit.common.DomainException.Kind;
import io.codingit.sandbox.FragmentDependencies;
import io.codingit.sandbox.RegistryEgressProperties;
import io.codingit.sandbox.SandboxException;
import io.codingit.sandbox.SandboxTemplate;
import io.codingit.sandbox.Sandboxes;
import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.CommandResult;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A fragment's {@code install_dependencies_command}, run before its code, and cached as a layer: the files
 * the install created under {@code /home/user}, kept as a tar by the content hash of (template, its content,
 * the configured Python index and npm registry, command).
 * The same dependency set for the same template installs once; later sandboxes unpack the layer.
 * <p>
 * The install that fills the cache never runs in the caller's sandbox. It runs in a fresh sandbox of the
 * same template that belongs to nobody, so nothing the caller left running (an interpreter, a cell's thread)
 * can change the layer that other users will unpack. A failed install caches nothing and is reported with
 * the tail of the installer's output. Deleted files are not part of a layer (installers add files).
 */
@Component
class DependencyLayers implements FragmentDependencies {
    private static final Logger log = LoggerFactory.getLogger(DependencyLayers.class);
    /** Owner of the sandboxes that build layers: no account has this id. */
    static final String BUILDER_OWNER = "codingit:dependency-builder";
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration UNPACK_TIMEOUT = Duration.ofMinutes(2);
    private static final int TAIL_CHARS = 2000;
    private static final long MAX_LAYER_BYTES = 256L << 20;
    private static final String MARKER = "/tmp/.codingit-install-started";
    /** Every entry created or changed since the marker (ctime: installers may set old mtimes, as npm does). */
    /**
     * The files the install added or changed. Caches and the interpreter's runtime files (a kernel's connection
     * file, IPython's history) are left out: they are not the install's result, and the template's own processes
     * may create and remove them while tar runs, which failed the capture now and then.
     */
    private static final String CAPTURE = "cd /home/user && find . -mindepth 1 \\( -path ./.cache -o -path ./.ipython"
            + " -o -path ./.local/share/jupyter -o -path ./.npm/_logs \\) -prune -o -cnewer " + MARKER
            + " -print0 | tar --null --no-recursion --ignore-failed-read -T - -cf -";

    private final Sandboxes sandboxes;
    private final TemplatePreparations preparations;
    private final RegistryEgressProperties registries;
    private final Path layers;
    private final ReentrantLock[] locks = new ReentrantLock[64];

    DependencyLayers(Sandboxes sandboxes, TemplatePreparations preparations, RegistryEgressProperties registries,
                     DataDirectory dataDirectory) {
        this.sandboxes = sandboxes;
        this.preparations = preparations;
        this.registries = registries;
        this.layers = dataDirectory.featureDirectory("sandbox").resolve("dependency-layers");
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    @Override
    public void install(Sandbox target, SandboxTemplate template, Request request, Consumer<String> output) {
        request.command(template).ifPresent(command -> install(target, template, command, output));
    }

    /** How the dependencies got into the sandbox. */
    record Installed(boolean fromCache, String layer) {
    }

    /**
     * Installs into {@code target}: unpacks the cached layer, or builds it first in a fresh sandbox, streaming
     * the installer's output to {@code output} as it comes. Throws a 4xx-kind error carrying the output's tail
     * when the install fails.
     */
    Installed install(Sandbox target, SandboxTemplate template, String command, Consumer<String> output) {
        String key = key(template, command);
        Path layer = layers.resolve(key + ".tar");
        ReentrantLock lock = locks[Math.floorMod(key.hashCode(), locks.length)];
        lock.lock();
        boolean fromCache;
        try {
            fromCache = Files.isRegularFile(layer);
            if (fromCache) {
                output.accept("Using the cached dependency layer " + key.substring(0, 12) + " for: " + command.strip() + "\n");
            } else {
                build(template, command, layer, output);
            }
        } finally {
            lock.unlock();
        }
        unpack(target, layer);
        return new Installed(fromCache, key.substring(0, 12));
    }

    private void build(SandboxTemplate template, String command, Path layer, Consumer<String> output) {
        Sandbox builder = sandboxes.create(BUILDER_OWNER, template.id());
        try {
            builder.run(Command.of("/usr/bin/touch", MARKER));
            runStreaming(builder, command, output);
            Path partial = layer.resolveSibling(layer.getFileName() + ".partial");
            Files.createDirectories(layer.getParent());
            Files.deleteIfExists(partial);
            try (SandboxProcess tar = builder.start(new Command(List.of("/usr/bin/bash", "-c", CAPTURE), null, Map.of(),
                    UNPACK_TIMEOUT)); OutputStream file = Files.newOutputStream(partial)) {
                closeInput(tar);
                StringBuffer errors = new StringBuffer();
                Thread errorReader = Thread.ofVirtual().start(() -> forward(tar.stderr(), text -> {
                    if (errors.length() < 4096) {
                        errors.append(text);
                    }
                }));
                copyCapped(tar.stdout(), file);
                OptionalInt exit = tar.waitFor(UNPACK_TIMEOUT);
                errorReader.join(Duration.ofSeconds(5));
                if (exit.isEmpty() || exit.getAsInt() != 0) {
                    Files.deleteIfExists(partial);
                    throw new IOException("capturing the installed files failed (exit " + exit + "): "
                            + errors.toString().strip());
                }
            } catch (IOException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            Files.move(partial, layer, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            log.info("Dependency layer {} built for template {} ({} bytes)", layer.getFileName(), template.id(),
                    Files.size(layer));
        } catch (IOException e) {
            log.warn("Dependency layer {} for template {} could not be stored", layer.getFileName(), template.id(), e);
            throw new SandboxException(Kind.UNAVAILABLE, "dependency_layer_failed",
                    "the installed dependencies could not be saved for reuse; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(Kind.UNAVAILABLE, "install_interrupted", "the dependency install was interrupted");
        } finally {
            builder.kill("its dependency layer was built");
        }
    }

    /** Runs the install command, forwarding its output; throws with the output's tail when it fails. */
    private static void runStreaming(Sandbox sandbox, String command, Consumer<String> output)
            throws IOException, InterruptedException {
        StringBuilder tail = new StringBuilder();
        Consumer<String> both = text -> {
            synchronized (tail) {
                tail.append(text);
                if (tail.length() > 4 * TAIL_CHARS) {
                    tail.delete(0, tail.length() - TAIL_CHARS);
                }
            }
            output.accept(text);
        };
        try (SandboxProcess process = sandbox.start(new Command(List.of("/usr/bin/bash", "-lc", command), null, Map.of(),
                INSTALL_TIMEOUT))) {
            closeInput(process);
            Thread errors = Thread.ofVirtual().start(() -> forward(process.stderr(), both));
            forward(process.stdout(), both);
            errors.join();
            OptionalInt exit = process.waitFor(INSTALL_TIMEOUT);
            String kept;
            synchronized (tail) {
                kept = tail.length() > TAIL_CHARS ? "..." + tail.substring(tail.length() - TAIL_CHARS) : tail.toString();
            }
            if (exit.isEmpty()) {
                throw new SandboxException(Kind.INVALID, "install_failed",
                        "install_dependencies_command did not finish within " + INSTALL_TIMEOUT.toMinutes() + " minutes: "
                                + kept.strip());
            }
            if (exit.getAsInt() != 0) {
                throw new SandboxException(Kind.INVALID, "install_failed",
                        "install_dependencies_command failed with exit code " + exit.getAsInt() + ": " + kept.strip());
            }
        }
    }

    /** Copies the layer into the home through the files API, then unpacks it there as the sandbox user. */
    private void unpack(Sandbox target, Path layer) {
        String archive = Sandbox.HOME + "/.codingit-dependency-layer.tar";
        try {
            target.files().write(archive, Files.readAllBytes(layer));
        } catch (IOException e) {
            log.warn("Reading a dependency layer failed", e);
            throw new SandboxException(Kind.UNAVAILABLE, "install_failed", "the dependency layer could not be read");
        }
        CommandResult result = target.run(new Command(List.of("/usr/bin/bash", "-c",
                "tar -x -C /home/user -f \"$1\"; status=$?; rm -f \"$1\"; exit $status", "unpack", archive),
                null, Map.of(), UNPACK_TIMEOUT));
        if (!result.succeeded()) {
            throw new SandboxException(Kind.UNAVAILABLE, "install_failed",
                    "the dependency layer could not be unpacked into the sandbox (exit code " + result.exitCode() + "): "
                            + result.stderr().strip());
        }
    }

    /** The command reads nothing: its input is closed (an agent command without an input pipe refuses the close). */
    private static void closeInput(SandboxProcess process) {
        try {
            process.stdin().close();
        } catch (IOException ignored) {
            // no input pipe to close
        }
    }

    private static void forward(InputStream in, Consumer<String> sink) {
        char[] buffer = new char[4096];
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            int n;
            while ((n = reader.read(buffer)) > 0) {
                sink.accept(new String(buffer, 0, n));
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private static void copyCapped(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > MAX_LAYER_BYTES) {
                throw new IOException("the installed files exceed " + MAX_LAYER_BYTES + " bytes");
            }
            out.write(buffer, 0, n);
        }
    }

    /**
     * The layer's key: a hash of everything its files depend on, so that a change to any of them builds a new
     * layer: the template and its content (a rebuilt template), the registries the installers use (a changed
     * mirror) and the command.
     */
    String key(SandboxTemplate template, String command) {
        return key(template.id(), preparations.contentHash(template), registries.pythonIndexUrl(),
                registries.npmRegistryUrl(), command);
    }

    static String key(String templateId, String templateHash, String pythonIndexUrl, String npmRegistryUrl, String command) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest(String.join("\n", "layer-v3", templateId, templateHash, pythonIndexUrl,
                    npmRegistryUrl, command.strip()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
