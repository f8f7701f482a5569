package io.codingit.llm.internal;

import io.codingit.llm.HostResolver;
import io.codingit.llm.OutboundUrlPolicy;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

@Configuration(proxyBeanMethods = false)
class LlmConfiguration {

    @Bean
    @ConditionalOnMissingBean
    HostResolver hostResolver() {
        return HostResolver.system();
    }

    @Bean
    OutboundUrlPolicy outboundUrlPolicy(LlmProperties properties, HostResolver resolver) {
        return new OutboundUrlPolicy(properties.allowedBaseUrlHosts(), resolver);
    }

    /** Runs the provider clients' I/O callbacks; one virtual thread each, so a slow stream holds no platform thread. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService llmClientExecutor() {
        return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("llm-client-", 0).factory());
    }
}
