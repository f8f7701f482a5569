package io.codingit.preview.internal;

import io.codingit.preview.PreviewProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The proxy servlet is registered with the container (so it is initialized like any servlet) under a
 * path nothing links to; it is reached through {@link PreviewHostFilter}, which runs first of all filters.
 */
@Configuration
class PreviewConfiguration {
    @Bean
    PreviewProxyServlet previewProxyServlet(PreviewRegistry registry, PreviewProperties properties,
                                            org.springframework.beans.factory.ObjectProvider<io.codingit.sandbox.Sandboxes> sandboxes) {
        return new PreviewProxyServlet(registry, properties, sandboxes);
    }

    @Bean
    ServletRegistrationBean<PreviewProxyServlet> previewProxyRegistration(PreviewProxyServlet servlet) {
        ServletRegistrationBean<PreviewProxyServlet> registration = new ServletRegistrationBean<>(servlet,
                "/_codingit-preview-proxy/*");
        registration.setName("previewProxy");
        registration.setLoadOnStartup(1);
        registration.setAsyncSupported(true);
        // no maxThreads: the client runs on virtual threads (PreviewProxyServlet#init)
        return registration;
    }

    @Bean
    FilterRegistrationBean<PreviewHostFilter> previewHostFilter(PreviewProxyServlet servlet, PreviewProperties properties) {
        FilterRegistrationBean<PreviewHostFilter> registration = new FilterRegistrationBean<>(
                new PreviewHostFilter(servlet, properties));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setAsyncSupported(true);
        return registration;
    }
}
