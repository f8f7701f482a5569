package io.codingit.ratelimit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares which rate-limit budget a controller (or one handler method) draws from. Every
 * {@code /api/**} handler must carry one, directly or through its class; a test enforces it.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface RateLimited {
    RateLimitGroup value();
}
