package io.codingit.terminal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code codingit.terminal.*}.
 *
 * @param commandTimeout how long one {@code POST /api/terminal} command may run before it is killed
 */
@ConfigurationProperties("codingit.terminal")
public record TerminalProperties(@DefaultValue("30s") Duration commandTimeout) {
}
