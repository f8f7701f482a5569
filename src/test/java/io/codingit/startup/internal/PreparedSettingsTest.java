package io.codingit.startup.internal;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PreparedSettingsTest {

    private static StandardEnvironment settings(Map<String, Object> values) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", new HashMap<>(values)));
        return environment;
    }

    private static PreparedSettings roundTrip(PreparedSettings recorded) throws Exception {
        return PreparedSettings.read(new ByteArrayInputStream(recorded.write().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theSameSettingsDifferInNothing() throws Exception {
        var build = settings(Map.of("codingit.sandbox.egress", "registries", "codingit.redis.url", ""));
        PreparedSettings recorded = roundTrip(PreparedSettings.of(
                List.of("codingit.sandbox.egress", "codingit.redis.url", "codingit.sandbox.provider"), build));
        assertThat(recorded.differences(build)).isEmpty();
    }

    @Test
    void aSettingSetChangedOrRemovedAtRunTimeIsADifference() throws Exception {
        var build = settings(Map.of("codingit.sandbox.egress", "registries", "codingit.redis.url", ""));
        PreparedSettings recorded = roundTrip(PreparedSettings.of(
                List.of("codingit.sandbox.egress", "codingit.redis.url", "codingit.sandbox.provider"), build));
        var run = settings(Map.of("codingit.sandbox.egress", "none", "codingit.redis.url", "redis://127.0.0.1:6379",
                "codingit.sandbox.provider", "kubernetes"));
        assertThat(recorded.differences(run))
                .containsExactly("codingit.redis.url", "codingit.sandbox.egress", "codingit.sandbox.provider");
        assertThat(recorded.differences(settings(Map.of("codingit.redis.url", "")))).containsExactly("codingit.sandbox.egress");
    }

    @Test
    void theServerPortAndTheDatabaseUrlCountOnlyAsSetOrNot() throws Exception {
        var build = settings(Map.of("server.port", "8080", "spring.datasource.url", "jdbc:h2:file:./data/codingit"));
        PreparedSettings recorded = roundTrip(PreparedSettings.of(
                List.of("server.port", "spring.datasource.url", "management.server.port"), build));
        assertThat(recorded.differences(settings(Map.of("server.port", "0",
                "spring.datasource.url", "jdbc:postgresql://db/codingit")))).isEmpty();
        assertThat(recorded.differences(settings(Map.of("server.port", "0")))).containsExactly("spring.datasource.url");
        assertThat(recorded.differences(settings(Map.of("server.port", "0", "spring.datasource.url", "x",
                "management.server.port", "9090")))).containsExactly("management.server.port");
    }

    @Test
    void whatTheDatabaseUrlAndThePortAreMadeOfIsLeftOut() throws Exception {
        Map<String, Object> written = Map.of(
                "spring.datasource.url", "${CODINGIT_DATABASE_URL:jdbc:h2:file:${codingit.data-dir}/codingit;MODE=PostgreSQL}",
                "codingit.data-dir", "${CODINGIT_DATA_DIR:./data}", "server.port", "${PORT:8080}");
        var build = settings(written);
        List<String> looked = List.of("spring.datasource.url", "CODINGIT_DATABASE_URL", "codingit.data-dir", "CODINGIT_DATA_DIR",
                "CODINGIT_DATA_DIR:./data", "server.port", "PORT", "PORT:8080", "codingit.redis.url");
        PreparedSettings recorded = roundTrip(PreparedSettings.of(looked, build));
        assertThat(recorded.fingerprints().keySet())
                .containsExactly(PreparedSettings.ACTIVE_PROFILES, "codingit.redis.url", "server.port", "spring.datasource.url");
        Map<String, Object> deployment = new HashMap<>(written);
        deployment.putAll(Map.of("CODINGIT_DATABASE_URL", "jdbc:postgresql://db/codingit", "CODINGIT_DATA_DIR", "/var/lib/codingit",
                "PORT", "3000"));
        assertThat(recorded.differences(settings(deployment))).isEmpty();
        deployment.put("codingit.redis.url", "redis://cache:6379");
        assertThat(recorded.differences(settings(deployment))).containsExactly("codingit.redis.url");
    }

    @Test
    void placeholdersAreFoundWithTheirNestedDefaults() {
        assertThat(Placeholders.references("a${X:b${Y}c}d${Z}")).containsExactlyInAnyOrder("X:b${Y}c", "Z");
        assertThat(Placeholders.references("${unclosed")).isEmpty();
        assertThat(Placeholders.references("plain")).isEmpty();
    }

    @Test
    void valuesAreKeptOnlyAsFingerprintsAndNamesWithSpecialCharactersSurvive() throws Exception {
        String secret = "sk-this-must-not-be-written";
        String odd = "springdoc.enable-spring-security:true";
        var build = settings(Map.of("codingit.openai.api-key", secret, odd, "x = y"));
        PreparedSettings recorded = PreparedSettings.of(List.of("codingit.openai.api-key", odd, "a b#c!d\\e"), build);
        assertThat(recorded.write()).doesNotContain(secret).doesNotContain("x = y");
        PreparedSettings read = roundTrip(recorded);
        assertThat(read.fingerprints().keySet()).containsExactly(PreparedSettings.ACTIVE_PROFILES, "a b#c!d\\e", "codingit.openai.api-key", odd);
        assertThat(read.differences(build)).isEmpty();
        assertThat(read.differences(settings(Map.of("codingit.openai.api-key", secret + "2", odd, "x = y"))))
                .containsExactly("codingit.openai.api-key");
    }

    @Test
    void anUnresolvablePlaceholderIsComparedAsSuchInsteadOfFailingTheStart() throws Exception {
        var build = settings(Map.of("codingit.x", "${NOT_SET_ANYWHERE}"));
        PreparedSettings recorded = roundTrip(PreparedSettings.of(List.of("codingit.x"), build));
        assertThat(recorded.differences(build)).isEmpty();
        assertThat(recorded.differences(settings(Map.of("codingit.x", "resolved")))).containsExactly("codingit.x");
    }

    @Test
    void theActiveProfilesAreCompared() throws Exception {
        var build = settings(Map.of());
        PreparedSettings recorded = roundTrip(PreparedSettings.of(List.of(), build));
        var withProfile = settings(Map.of());
        withProfile.setActiveProfiles("test");
        assertThat(recorded.differences(build)).isEmpty();
        assertThat(recorded.differences(withProfile)).containsExactly(PreparedSettings.ACTIVE_PROFILES);
    }
}
