package io.codingit.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Duration;

/**
 * Caching of the web console's static files. Vite names everything under {@code /assets/} by its
 * content hash, so those are cached for a year and never revalidated ({@code immutable}); everything
 * else ({@code index.html}, which names the current assets, and the favicon) is revalidated on each
 * load ({@code no-cache} with {@code Last-Modified}, answered 304 when unchanged). Spring Security's
 * default {@code no-store} applies only where no handler set a {@code Cache-Control}: the API.
 */
@Configuration
class ConsoleAssetsConfig implements WebMvcConfigurer {
    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/assets/**")
                .addResourceLocations("classpath:/static/assets/")
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
        registry.addResourceHandler("/index.html", "/favicon.ico", "/favicon.svg")
                .addResourceLocations("classpath:/static/")
                .setCacheControl(CacheControl.noCache());
    }
}
