        // ... existing code ...
        assertThat(anonymous.header("X-RateLimit-Limit")).isNull();
    }

    @Test
    void theApiDescriptionNamesEachOperationsBudget() {
        JsonNode ping = api.get("/api/openapi.json").json().at("/paths/~1api~1test~1ping/get");

        assertThat(ping.at("/x-rate-limit/group").asString()).isEqualTo("general");
        assertThat(ping.at("/x-rate-limit/capacity").asLong()).isEqualTo(100);
        assertThat(ping.at("/x-rate-limit/windowSeconds").asLong()).isEqualTo(900);
        assertThat(ping.get("description").asString()).contains("100 requests per 15 minutes");
    }

    @Test
    void routesWithoutAGroupCarryNoRateLimitHeaders() { 
        TestApi.Response health = api.get("/api/health");
// ... existing code ...
