package io.codingit.support.property;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A property: a JUnit 5 parameterized test whose single parameter is a {@link PropertyRun}, which
 * checks {@link #cases()} random cases. By default (and always under {@code CI=true}) there is one
 * run, with a seed fixed by the test's name, so every run of the suite checks the same cases; with
 * {@code -Dcodingit.property.explore=N} (the Maven profile {@code explore-properties}) there are N
 * runs with new random seeds. A failing case names its seed; {@code -Dcodingit.property.seed=S}
 * checks that one case again. See {@link PropertyRuns}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@ArgumentsSource(PropertyRuns.class)
public @interface PropertyTest {
    /** Random cases per run (jqwik's default was 1000). */
    int cases() default 1000;

    /**
     * How many cases per checked case may be discarded by {@link PropertyRun#assume} before the
     * property fails for checking too little (jqwik's default ratio was 5).
     */
    int maxDiscardRatio() default 5;
}
