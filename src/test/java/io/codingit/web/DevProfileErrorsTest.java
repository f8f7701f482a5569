package io.codingit.web;

import io.codingit.support.TempDataDirInitializer;
import io.codingit.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** The dev profile adds the exception's detail to 500 bodies; production (the default) never does. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "dev"})
@ContextConfiguration(initializers = TempDataDirInitializer.class)
class DevProfileErrorsTest {
    @LocalServerPort
    int port;

    @Test
    void devProfileShowsDetail() {
        TestApi.Response r = new TestApi(port).get("/test-web/boom");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.json().get("message").asString()).isEqualTo("Internal server error");
        assertThat(r.json().get("detail").asString()).contains("IllegalStateException");
    }
}
