package io.codingit.github;

import io.codingit.support.PostgresInitializer;
import io.codingit.support.TempDataDirInitializer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Like {@link GitHubIntegrationTest}, on PostgreSQL (its own schema). */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ContextConfiguration(initializers = {TempDataDirInitializer.class, PostgresInitializer.class, FakeGitHubInitializer.class})
@interface GitHubPostgresIntegrationTest {
}
