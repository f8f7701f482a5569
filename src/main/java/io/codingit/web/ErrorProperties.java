package io.codingit.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code codingit.errors.detailed}: true only in the dev profile; adds exception detail to 500 bodies. */
@ConfigurationProperties("codingit.errors")
public record ErrorProperties(boolean detailed) {
}
