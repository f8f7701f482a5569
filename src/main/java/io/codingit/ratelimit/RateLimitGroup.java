package io.codingit.ratelimit;

/** The budgets of the contract; each route belongs to exactly one. */
public enum RateLimitGroup {
    GENERAL, LLM, GITHUB, NETLIFY, AUTH,
    /** The MCP endpoint's protocol messages; each tool call also draws from the group of the route it stands for. */
    MCP;

    public String key() {
        return name().toLowerCase();
    }
}
