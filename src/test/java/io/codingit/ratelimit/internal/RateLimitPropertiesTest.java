package io.codingit.ratelimit.internal;

import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimitPolicy;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How environment variables reach the budgets: the real application.yml, bound the way Spring
 * binds it, under a made-up process environment.
 */
class RateLimitPropertiesTest {

    private static RateLimitProperties bind(Map<String, Object> environmentVariables) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environmentVariables));
        sources.addLast(new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml")).getFirst());
        ConfigurationPropertySources.attach(environment);
        return Binder.get(environment).bindOrCreate("codingit.rate-limit", RateLimitProperties.class);
    }

    private static RateLimitPolicy policy(RateLimitProperties properties, RateLimitGroup group) {
        return properties.policies().get(group);
    }

    @Test
    void withoutSettingsTheContractsBudgetsApply() throws IOException {
        RateLimitProperties properties = bind(Map.of());

        assertThat(properties.enabled()).isTrue();
        assertThat(policy(properties, RateLimitGroup.GENERAL))
                .isEqualTo(new RateLimitPolicy(RateLimitGroup.GENERAL, 100, Duration.ofMinutes(15)));
        assertThat(policy(properties, RateLimitGroup.LLM))
                .isEqualTo(new RateLimitPolicy(RateLimitGroup.LLM, 10, Duration.ofMinutes(1)));
        assertThat(policy(properties, RateLimitGroup.GITHUB))
                .isEqualTo(new RateLimitPolicy(RateLimitGroup.GITHUB, 30, Duration.ofMinutes(1)));
        assertThat(policy(properties, RateLimitGroup.NETLIFY))
                .isEqualTo(new RateLimitPolicy(RateLimitGroup.NETLIFY, 20, Duration.ofMinutes(1)));
        assertThat(policy(properties, RateLimitGroup.AUTH))
                .isEqualTo(new RateLimitPolicy(RateLimitGroup.AUTH, 20, Duration.ofMinutes(1)));
    }

    @Test
    void eachGroupIsSetByItsOwnVariables() throws IOException {
        RateLimitProperties properties = bind(Map.of(
                "CODINGIT_RATE_LIMIT_GENERAL_CAPACITY", "7",
                "CODINGIT_RATE_LIMIT_GENERAL_WINDOW", "30s",
                "CODINGIT_RATE_LIMIT_ENABLED", "false"));

        assertThat(policy(properties, RateLimitGroup.GENERAL))
                .isEqualTo(new RateLimitPolicy(RateLimitGroup.GENERAL, 7, Duration.ofSeconds(30)));
        assertThat(policy(properties, RateLimitGroup.GITHUB).capacity()).isEqualTo(30);
        assertThat(properties.enabled()).isFalse();
    }

    @Test
    void thePeersVariablesSetTheLlmGroupWithTheWindowInMilliseconds() throws IOException {
        RateLimitProperties properties = bind(Map.of("RATE_LIMIT_MAX_REQUESTS", "25", "RATE_LIMIT_WINDOW", "90000"));

        assertThat(policy(properties, RateLimitGroup.LLM))
                .isEqualTo(new RateLimitPolicy(RateLimitGroup.LLM, 25, Duration.ofSeconds(90)));
        assertThat(policy(properties, RateLimitGroup.GENERAL).capacity()).isEqualTo(100);
    }

    @Test
    void thePeersWindowAlsoAcceptsADurationWithUnit() throws IOException {
        assertThat(policy(bind(Map.of("RATE_LIMIT_WINDOW", "2m")), RateLimitGroup.LLM).window())
                .isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void ourVariablesWinOverThePeersOnes() throws IOException {
        RateLimitProperties properties = bind(Map.of(
                "RATE_LIMIT_MAX_REQUESTS", "25", "CODINGIT_RATE_LIMIT_LLM_CAPACITY", "5"));

        assertThat(policy(properties, RateLimitGroup.LLM).capacity()).isEqualTo(5);
    }

    @Test
    void aCapacityBelowOneStopsTheStart() {
        assertThatThrownBy(() -> bind(Map.of("CODINGIT_RATE_LIMIT_NETLIFY_CAPACITY", "0")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("capacity of netlify must be at least 1");
    }
}
