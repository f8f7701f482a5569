package io.codingit.sandbox.egress;

import io.codingit.llm.HostResolver;
import io.codingit.sandbox.RegistryEgressProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The registry egress proxy, started only when sandboxes use {@code egress: registries} (the default). */
@Configuration
class EgressProxyConfiguration {
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "codingit.sandbox.egress", havingValue = "registries", matchIfMissing = true)
    SandboxEgressProxy sandboxEgressProxy(RegistryEgressProperties properties, HostResolver resolver) {
        return new SandboxEgressProxy(properties, resolver);
    }
}
