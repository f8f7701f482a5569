package io.codingit.sandbox.local;

import io.codingit.common.DataDirectory;
import io.codingit.sandbox.RegistryEgressProperties;
import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.SandboxRegistryProperties;
import io.codingit.sandbox.WarmPoolDemandProperties;
import io.codingit.sandbox.egress.RegistryCertificates;
import io.codingit.sandbox.egress.SandboxEgressProxy;
import io.codingit.sandbox.egress.SandboxEnvironment;
import org.springframework.beans.factory.ObjectProvider;
import io.codingit.sandbox.spi.SandboxProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The default provider: bubblewrap sandboxes on this machine. Closing the context leaves them running for the
 * next start to adopt, unless {@code codingit.sandbox.registry.keep-on-shutdown} is false.
 */
@Configuration
@ConditionalOnProperty(name = "codingit.sandbox.provider", havingValue = "local", matchIfMissing = true)
class LocalSandboxConfiguration {
    @Bean(destroyMethod = "close")
    SandboxProvider localSandboxProvider(SandboxProperties properties, RegistryEgressProperties registries,
                                         SandboxRegistryProperties registry, WarmPoolDemandProperties warmPoolDemand,
                                         DataDirectory dataDirectory, RegistryCertificates certificates,
                                         ObjectProvider<SandboxEgressProxy> egressProxy) {
        return new LocalSandboxProvider(properties, dataDirectory.root(), Clock.systemUTC(),
                new SandboxEnvironment(properties.egress(), registries, certificates), egressProxy.getIfAvailable(),
                registry.keepOnShutdown(), warmPoolDemand);
    }
}
