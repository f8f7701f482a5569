package io.codingit.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.util.List;

/**
 * @param maxBodySize     largest request body accepted; larger ones get 413
 * @param trustedProxies  IPs or CIDRs whose X-Forwarded-For / X-Forwarded-Proto are believed
 * @param corsAllowedOrigins origins allowed by CORS; none by default
 */
@ConfigurationProperties("codingit")
public record WebProperties(
        @DefaultValue("10MB") DataSize maxBodySize,
        @DefaultValue("") List<String> trustedProxies,
        Cors cors) {

    public WebProperties {
        trustedProxies = trustedProxies == null ? List.of()
                : trustedProxies.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        cors = cors == null ? new Cors(List.of()) : cors;
    }

    public record Cors(@DefaultValue("") List<String> allowedOrigins) {
        public Cors {
            allowedOrigins = allowedOrigins == null ? List.of()
                    : allowedOrigins.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
    }
}
