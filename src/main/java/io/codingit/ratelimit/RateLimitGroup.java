package io.codingit.ratelimit;

/**
 * The budgets of the contract; each route belongs to exactly one. {@link #READ} is not declared by
 * routes: a {@link #GENERAL} route that only reads (all its mappings GET or HEAD) is charged to it,
 * so that a person reading their own state never spends the budget of what costs (docs/rate-limiting.md).
 */
public enum RateLimitGroup {
    GENERAL, LLM, GITHUB, NETLIFY, AUTH, READ,
    /** The MCP endpoint's protocol messages; each tool call also draws from the group of the route it stands for. */
    MCP;

    public String key() {
        return name().toLowerCase();
    }
}
