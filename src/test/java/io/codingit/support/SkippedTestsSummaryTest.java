package io.codingit.support;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SkippedTestsSummaryTest {

    @Test
    void oneLineCountsEachReason() {
        Map<String, AtomicInteger> reasons = new TreeMap<>(Map.of(
                "Redis does not answer [apt-get install redis-server]", new AtomicInteger(4),
                "browser tests need Chromium [apt-get install chromium chromium-driver]", new AtomicInteger(5)));
        assertThat(SkippedTestsSummary.line(reasons)).isEqualTo("SKIPPED TESTS: 9 — "
                + "4 × Redis does not answer [apt-get install redis-server]; "
                + "5 × browser tests need Chromium [apt-get install chromium chromium-driver]");
        assertThat(SkippedTestsSummary.line(Map.of())).isEqualTo("SKIPPED TESTS: none");
    }

    @Test
    void aMissingPrerequisiteNamesItsPackage() {
        assertThat(Prerequisites.reason("Redis at redis://127.0.0.1:6379 does not answer PING", "redis-server"))
                .isEqualTo("Redis at redis://127.0.0.1:6379 does not answer PING [apt-get install redis-server]");
    }
}
