package io.codingit.ratelimit;

/** The budgets of the contract; each route belongs to exactly one. */
public enum RateLimitGroup {
    GENERAL, LLM, GITHUB, NETLIFY, AUTH;

    public String key() {
        return name().toLowerCase();
    }
}
