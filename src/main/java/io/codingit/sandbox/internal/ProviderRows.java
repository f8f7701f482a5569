package io.codingit.sandbox.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.sandbox.SandboxException;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this server's provider does for a registry row, whichever server created the sandbox: hand out its handle, or
 * destroy what is left of it. A row of another provider is refused (attach) or only marked (destroy).
 */
final class ProviderRows {
    private static final Logger log = LoggerFactory.getLogger(ProviderRows.class);

    private final SandboxProvider provider;
    private final SandboxRegistry registry;

    ProviderRows(SandboxProvider provider, SandboxRegistry registry) {
        this.provider = provider;
        this.registry = registry;
    }

    /** The provider's handle on a registered sandbox, whichever server created it. */
    Sandbox attach(SandboxRegistry.Entry entry) {
        if (!entry.provider().equals(provider.name())) {
            throw new SandboxException(Kind.UNAVAILABLE, "sandbox " + entry.id() + " runs on the " + entry.provider()
                    + " provider, which this server is not configured with");
        }
        return provider.attach(registry.record(entry));
    }

    /** Destroys the sandbox of a row that has ended; a failure is logged and left to reconciliation. */
    void destroyQuietly(SandboxRegistry.Entry entry) {
        try {
            if (entry.starting()) {
                return;
            }
            if (!entry.provider().equals(provider.name())) {
                log.warn("Sandbox {} belongs to provider {}, which this server does not run; it was marked killed only",
                        entry.id(), entry.provider());
                return;
            }
            provider.destroy(registry.record(entry));
        } catch (RuntimeException e) {
            log.warn("Sandbox {} could not be destroyed now ({}); reconciliation removes it later", entry.id(), e.getMessage());
        }
    }
}
