package io.codingit.sandbox.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.sandbox.SandboxException;
import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.SandboxTemplate;
import io.codingit.sandbox.Sandboxes;
import io.codingit.sandbox.WebPreviews;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxProvider;
import io.codingit.sandbox.spi.SandboxSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Resuming paused sandboxes: asked for by their owner, or on the way of any use of one; the saved home checked and
 * restored, the new agent recorded, the template's app started again, and the HTTP answer told.
 */
final class SandboxResumes {
    private static final Logger log = LoggerFactory.getLogger(SandboxResumes.class);

    private final SandboxProvider provider;
    private final SandboxRegistry registry;
    private final SandboxProperties properties;
    private final TemplatePreparations preparations;
    private final PausedHomes homes;
    private final ObjectProvider<WebPreviews> webPreviews;
    private final TransitionLocks transitions;
    private final TemplateAvailability templates;
    private final ProviderRows rows;
    private final OwnedRows owned;
    /** What the handles handed out are told (extend, gone, kill): the coordinator's. */
    private final RegisteredSandbox.Registry handles;
    private final Clock clock;

    SandboxResumes(SandboxProvider provider, SandboxRegistry registry, SandboxProperties properties,
                   TemplatePreparations preparations, PausedHomes homes, ObjectProvider<WebPreviews> webPreviews,
                   TransitionLocks transitions, TemplateAvailability templates, ProviderRows rows, OwnedRows owned,
                   RegisteredSandbox.Registry handles, Clock clock) {
        this.provider = provider;
        this.registry = registry;
        this.properties = properties;
        this.preparations = preparations;
        this.homes = homes;
        this.webPreviews = webPreviews;
        this.transitions = transitions;
        this.templates = templates;
        this.rows = rows;
        this.owned = owned;
        this.handles = handles;
        this.clock = clock;
    }

    /** The owner's paused sandbox, resumed; 409 when it is running (unless it was resumed while this call waited). */
    Sandbox resume(String ownerId, String sandboxId) {
        // a pause in progress on this server is waited for: the resume then finds the sandbox paused
        ReentrantLock lock = sandboxId == null ? null : transitions.of(sandboxId);
        boolean waited = lock != null && lock.isLocked() && !lock.isHeldByCurrentThread();
        if (lock != null) {
            lock.lock();
        }
        try {
            SandboxRegistry.Entry entry = owned.owned(ownerId, sandboxId);
            if (waited && entry.state() == SandboxState.RUNNING && !entry.starting()) {
                // it was paused and, while this call waited, resumed by another use of it: what was asked is done
                return alreadyRunning(entry);
            }
            if (entry.state() != SandboxState.PAUSED) {
                throw new SandboxException(Kind.CONFLICT, "not_paused", "sandbox " + sandboxId
                        + " is running, not paused; only a paused sandbox can be resumed");
            }
            return resume(entry);
        } finally {
            if (lock != null) {
                lock.unlock();
            }
        }
    }

    /** A handle for a row read earlier: a paused sandbox is resumed at its first use. */
    Sandbox attachOrResume(SandboxRegistry.Entry entry) {
        if (entry.state() == SandboxState.PAUSED) {
            Sandbox handle = resume(entry).handle();
            announceResumed();
            return handle;
        }
        return rows.attach(entry);
    }

    /**
     * Resumes a paused sandbox under its id: checks the saved home's checksum, has the provider start it with the
     * home restored, records where its new agent answers, deletes the saved home, and starts the template's app
     * again (a web template's, in the background). A resume that finds the sandbox already running (another request
     * resumed it meanwhile) hands that one out.
     */
    RegisteredSandbox resume(SandboxRegistry.Entry given) {
        String id = given.id();
        ReentrantLock lock = transitions.of(id);
        lock.lock();
        try {
            SandboxRegistry.Entry entry = registry.find(id).orElseThrow(() -> OwnedRows.notFound(id));
            if (entry.state() == SandboxState.RUNNING && !entry.starting()) {
                return alreadyRunning(entry);
            }
            if (entry.state() != SandboxState.PAUSED) {
                throw OwnedRows.notFound(id);
            }
            if (!homes.intact(id, entry.homeSha256())) {
                throw new SandboxException(Kind.CONFLICT, "paused_home_damaged", "the saved home of sandbox " + id
                        + " is damaged (missing, or its checksum does not match the one recorded at the pause), so it "
                        + "cannot be resumed; nothing was changed. Kill it (DELETE /api/sandbox/" + id + ") to free its disk");
            }
            SandboxTemplate template = templates.requireTemplate(entry.templateId());
            Sandbox started = provider.resume(new SandboxSpec(entry.ownerId(), template.id(), properties.defaultTimeout(),
                    preparations.preparedHome(template).orElse(null)), id, homes.saved(id));
            Instant now = clock.instant();
            if (!registry.markResumed(id, started.agent(), now, now.plus(properties.defaultTimeout()))) {
                provider.kill(id);
                throw OwnedRows.notFound(id);
            }
            homes.delete(id);
            SandboxRegistry.Entry resumed = registry.find(id).orElseThrow(() -> OwnedRows.notFound(id));
            RegisteredSandbox sandbox = new RegisteredSandbox(resumed, handles, () -> started);
            log.info("Sandbox {} of {} was resumed", id, entry.ownerId());
            WebPreviews previews = webPreviews.getIfAvailable();
            if (previews != null && template.port() != null) {
                previews.resumed(sandbox, template, entry.keptPreview());
            }
            return sandbox;
        } finally {
            lock.unlock();
        }
    }

    /** A handle on a sandbox that another request resumed meanwhile, attached as any running one is. */
    private RegisteredSandbox alreadyRunning(SandboxRegistry.Entry entry) {
        RegisteredSandbox running = new RegisteredSandbox(entry, handles, () -> rows.attach(entry));
        running.handle();
        return running;
    }

    /** Tells the HTTP answer of the current request, if any, that a sandbox was resumed on its way. */
    static void announceResumed() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                && attributes.getResponse() != null && !attributes.getResponse().isCommitted()) {
            attributes.getResponse().setHeader(Sandboxes.RESUMED_HEADER, "true");
        }
    }
}
