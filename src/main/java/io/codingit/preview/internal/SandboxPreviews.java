package io.codingit.preview.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.preview.PreviewException;
import io.codingit.common.PipeReaders;
import io.codingit.preview.PreviewProperties;
import io.codingit.sandbox.KeptPreview;
import io.codingit.sandbox.SandboxTemplate;
import io.codingit.sandbox.WebPreviews;
import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxProcess;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Starts a web template's app ({@code bash -lc <startCommand>} with {@code PORT}) in the sandbox, relays its
 * port to the host's loopback, waits until it answers HTTP and hands out the preview URL with a fresh
 * 128-bit secret.
 */
@Component
class SandboxPreviews implements WebPreviews {
    private static final int LOG_TAIL = 4000;
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);

    private final PreviewRegistry registry;
    private final PreviewProperties properties;
    private final Environment environment;
    private final SecureRandom random = new SecureRandom();

    SandboxPreviews(PreviewRegistry registry, PreviewProperties properties, Environment environment) {
        this.registry = registry;
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public String start(Sandbox sandbox, SandboxTemplate template) {
        return start(sandbox, template, newSecret());
    }

    @Override
    public java.util.Optional<KeptPreview> paused(Sandbox sandbox) {
        return registry.keepForWake(sandbox);
    }

    /**
     * The app of a kept preview starts again in the background, under its old URL; the waking page waits for it.
     * Kept here (this server paused it, or a request to its URL woke it): started with its secret and served from
     * here. Known only from the registry (another server paused it, or this one before a restart, and the resume
     * came through another route): started tagged with the secret's hash, and any server serves its URL from the tag.
     */
    @Override
    public void resumed(Sandbox sandbox, SandboxTemplate template, KeptPreview keptInRegistry) {
        java.util.Optional<SleepingPreview> keptHere = registry.sleeping(sandbox.id());
        if (keptHere.isPresent()) {
            SleepingPreview kept = keptHere.get();
            kept.startWaking();
            Thread.ofVirtual().name("preview-wake-" + sandbox.id()).start(() -> {
                try {
                    start(sandbox, template, kept.secret());
                } catch (RuntimeException e) {
                    kept.failed(e instanceof PreviewException ? e.getMessage() : "the app could not be started again");
                }
            });
        } else if (keptInRegistry != null && keptInRegistry.port() == template.port()) {
            Thread.ofVirtual().name("preview-wake-" + sandbox.id()).start(() -> {
                try {
                    launch(sandbox, template, null, PreviewRegistry.tagOfHash(keptInRegistry.port(), keptInRegistry.secretSha256()))
                            .release();
                } catch (RuntimeException e) {
                    // nobody waits on this server; the URL answers 404 until the preview is started again
                }
            });
        }
    }

    private String start(Sandbox sandbox, SandboxTemplate template, String secret) {
        Preview preview = launch(sandbox, template, secret, PreviewRegistry.tag(template.port(), secret));
        registry.add(preview);
        PreviewHost host = new PreviewHost(template.port(), sandbox.id(), preview.secret());
        return properties.urlOf(host.label(), environment.getProperty("local.server.port"));
    }

    /**
     * Starts the app tagged {@code tag} and waits until it answers; {@code secret} is null when only its hash is known
     * (the preview is then released, not served from here: any server serves its URL from the tag).
     */
    private Preview launch(Sandbox sandbox, SandboxTemplate template, String secret, String tag) {
        int port = template.port();
        // the agent lists the app with its port and the secret's hash, so any server can serve the preview URL
        SandboxProcess app = sandbox.start(new Command(List.of("bash", "-lc", template.startCommand()), Sandbox.HOME,
                Map.of("PORT", Integer.toString(port)), null), tag);
        AppLog log = new AppLog(app);
        PortRelay relay = new PortRelay(sandbox, port);
        Preview preview = new Preview(sandbox, port, secret, app, relay);
        try {
            awaitAnswer(preview, log);
        } catch (RuntimeException e) {
            preview.stop();
            throw e;
        }
        return preview;
    }

    /** Polls the app through the relay until it answers anything that looks like HTTP (bounded). */
    private void awaitAnswer(Preview preview, AppLog log) {
        Instant deadline = Instant.now().plus(properties.startTimeout());
        while (Instant.now().isBefore(deadline)) {
            if (!preview.app().isAlive()) {
                throw new PreviewException(Kind.INVALID, "the app of template " + preview.sandbox().templateId()
                        + " exited before it answered on port " + preview.port() + ". Its output:\n" + log.tailAfterExit());
            }
            if (answers(preview.relay().hostPort())) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a preview", e);
            }
        }
        throw new PreviewException(Kind.INVALID, "the app did not answer on port " + preview.port() + " within "
                + properties.startTimeout().toSeconds() + " s. Its output:\n" + log.tail());
    }

    private static boolean answers(int hostPort) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), hostPort)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("HEAD / HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] start = socket.getInputStream().readNBytes(5);
            return new String(start, StandardCharsets.US_ASCII).equals("HTTP/");
        } catch (IOException e) {
            return false;
        }
    }

    private String newSecret() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The app's stdout and stderr, the last few kilobytes, for the error when it never answers. */
    private static final class AppLog {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final List<Thread> readers;

        AppLog(SandboxProcess app) {
            try {
                app.stdin().close();
            } catch (IOException e) {
                // nothing to close
            }
            readers = List.of(PipeReaders.start("preview-app-stdout", () -> collect(app.stdout())),
                    PipeReaders.start("preview-app-stderr", () -> collect(app.stderr())));
        }

        private void collect(InputStream in) {
            byte[] chunk = new byte[8192];
            int n;
            try {
                while ((n = in.read(chunk)) > 0) {
                    synchronized (buffer) {
                        buffer.write(chunk, 0, n);
                        if (buffer.size() > 4 * LOG_TAIL) {
                            byte[] keep = tailBytes();
                            buffer.reset();
                            buffer.write(keep, 0, keep.length);
                        }
                    }
                }
            } catch (IOException e) {
                // the app was stopped
            }
        }

        private byte[] tailBytes() {
            byte[] all = buffer.toByteArray();
            int from = Math.max(0, all.length - LOG_TAIL);
            return Arrays.copyOfRange(all, from, all.length);
        }

        /**
         * The tail once the readers have reached the end of the app's output. An app that prints and exits at once
         * is seen dead before its last output has crossed the pipes, and that output is the reason the user needs;
         * the wait is bounded, in case a child of the app keeps a pipe open.
         */
        String tailAfterExit() {
            long deadline = System.nanoTime() + OUTPUT_DRAIN.toNanos();
            try {
                for (Thread reader : readers) {
                    long left = deadline - System.nanoTime();
                    if (left > 0) {
                        reader.join(Duration.ofNanos(left));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return tail();
        }

        String tail() {
            synchronized (buffer) {
                return new String(tailBytes(), StandardCharsets.UTF_8).strip();
            }
        }
    }
}
