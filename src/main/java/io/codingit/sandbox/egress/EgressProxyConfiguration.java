package io.codingit.sandbox.egress;

import io.codingit.llm.HostResolver;
import io.codingit.common.DataDirectory;
import io.codingit.sandbox.RegistryEgressProperties;
import io.codingit.sandbox.SandboxRegistryProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The registry egress proxy, started only when sandboxes use {@code egress: registries} (the default). */
@Configuration
class EgressProxyConfiguration {
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "codingit.sandbox.egress", havingValue = "registries", matchIfMissing = true)
    SandboxEgressProxy sandboxEgressProxy(RegistryEgressProperties properties, HostResolver resolver,
                                          RegistryProxyCredentials credentials) {
        return new SandboxEgressProxy(properties, resolver, credentials);
    }

    /** Checked at start whatever the mode: a bad file named in the setting stops the server, saying which and why. */
    @Bean
    RegistryCertificates registryCertificates(RegistryEgressProperties properties) {
        return RegistryCertificates.load(properties.caCertificates(), RegistryCertificates.SYSTEM_BUNDLE);
    }

    @Bean
    RegistryProxyCredentials registryProxyCredentials(SandboxRegistryProperties registry, DataDirectory dataDirectory) {
        return new RegistryProxyCredentials(registry.cipher(dataDirectory));
    }
}
