package io.codingit.sandbox;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a route that uses a sandbox: when the sandbox is paused, the request resumes it first and the answer carries
 * {@code X-Sandbox-Resumed: true} ({@link Sandboxes#RESUMED_HEADER}). The OpenAPI description says so for every route
 * marked.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ResumesPausedSandbox {
}
