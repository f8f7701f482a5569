package io.codingit.llm.internal;

import io.codingit.llm.HostResolver;
import io.codingit.llm.OutboundUrlPolicy;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.http.HttpClient;
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

    /**
     * The one JDK HTTP client of every provider request (see {@link SharedJdkHttpClient}): HTTP/1.1,
     * never following redirects (a redirect must not lead around the outbound URL policy), its
     * callbacks on virtual threads. Keys and base URLs are per request; keep-alive connections are
     * pooled per host and port.
     */
    @Bean(destroyMethod = "shutdownNow")
    HttpClient llmHttpClient(LlmProperties properties) {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .executor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("llm-client-", 0).factory()))
                .build();
    }
}
