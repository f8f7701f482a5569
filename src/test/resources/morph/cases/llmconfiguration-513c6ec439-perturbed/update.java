// ...
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.http.HttpClient;
import java.util.concurrent.Executors;

@Configuration(proxyBeanMethods = false)
        // ...
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
