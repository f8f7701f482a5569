package io.codingit.preview;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code codingit.preview.*}.
 *
 * @param baseDomain   previews are served at {@code http://{port}-{sbxId}-{secret}.{baseDomain}:{serverPort}/};
 *                     browsers resolve every {@code *.localhost} name to the loopback
 * @param startTimeout how long a web template's app may take to answer on its port
 * @param python       the Python inside the sandbox that relays a connection to the app's port
 */
@ConfigurationProperties("codingit.preview")
public record PreviewProperties(@DefaultValue("localhost") String baseDomain,
                                @DefaultValue("120s") Duration startTimeout,
                                @DefaultValue("/usr/bin/python3") String python) {
}
