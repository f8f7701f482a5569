// ...

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

        // ...
        assertThat(api.post("/api/auth/refresh", Map.of("refreshToken", second)).status()).isEqualTo(401);
    }

    @Test
    void ofSimultaneousRefreshesWithOneTokenExactlyOneWinsAndTheFamilyIsRevoked() throws Exception {
        TestApi.Response signup = api.post("/api/auth/signup",
                Map.of("email", newEmail(), "password", "correct horse battery"));
        String token = signup.json().get("refreshToken").asString();
        int parallel = 4;
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            List<Future<TestApi.Response>> results = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return api.post("/api/auth/refresh", Map.of("refreshToken", token));
                }));
            }
            start.countDown();
            List<TestApi.Response> responses = new ArrayList<>();
            for (Future<TestApi.Response> f : results) {
                responses.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(1);
            assertThat(responses).filteredOn(r -> r.status() == 401).hasSize(parallel - 1);
            String winnersToken = responses.stream().filter(r -> r.status() == 200).findFirst().orElseThrow()
                    .json().get("refreshToken").asString();
            assertThat(api.post("/api/auth/refresh", Map.of("refreshToken", winnersToken)).status()).isEqualTo(401);
        }
    }

    @Test
    void refreshAcceptsTheTokenFromTheBody() {
        TestApi.Response signup = api.post("/api/auth/signup",
// ...
