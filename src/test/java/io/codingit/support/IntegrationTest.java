package io.codingit.support;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A real server on a random port, its own data directory, the embedded H2 database. Tests talk to
 * it over HTTP with {@link TestApi}. Contexts with the same configuration are reused by Spring's
 * test context cache, so keep extra properties to a minimum.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ContextConfiguration(initializers = TempDataDirInitializer.class)
public @interface IntegrationTest {
}
