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
 * Like {@link IntegrationTest}, but on PostgreSQL (its own schema). A persistence test is written
 * once as an abstract class and run twice: {@code FooH2Test extends FooTests} with
 * {@code @IntegrationTest}, {@code FooPostgresTest extends FooTests} with this annotation.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ContextConfiguration(initializers = {TempDataDirInitializer.class, PostgresInitializer.class})
public @interface PostgresIntegrationTest {
}
