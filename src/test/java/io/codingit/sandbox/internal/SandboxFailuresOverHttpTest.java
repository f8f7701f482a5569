package io.codingit.sandbox.internal;

import io.codingit.sandbox.spi.SandboxGoneException;
import io.codingit.sandbox.spi.SandboxUnavailableException;
import io.codingit.web.ApiExceptionHandler;
import io.codingit.web.ErrorProperties;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A sandbox that dies while a request uses it, and a provider that cannot run sandboxes, reach the
 * caller as the error body with their status, through Spring MVC's real exception resolution and
 * the application's one exception handler (no sandbox needed: the controller throws what the
 * provider throws in those moments).
 */
class SandboxFailuresOverHttpTest {
    @RestController
    static class FailingController {
        @GetMapping("/gone")
        String gone() {
            throw new SandboxGoneException("sbx-1");
        }

        @GetMapping("/unavailable")
        String unavailable() {
            throw new SandboxUnavailableException("bubblewrap is not installed (apt-get install bubblewrap)");
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new FailingController())
            .setControllerAdvice(new ApiExceptionHandler(new ErrorProperties(false)))
            .build();

    @Test
    void aSandboxThatDiedMidRequestIs410WithTheErrorBody() throws Exception {
        mvc.perform(get("/gone"))
                .andExpect(status().isGone())
                .andExpect(jsonPath("$.error").value(true))
                .andExpect(jsonPath("$.code").value("sandbox_gone"))
                .andExpect(jsonPath("$.message").value("sandbox sbx-1 is no longer running"));
    }

    @Test
    void aProviderThatCannotRunSandboxesIs503NamingWhatToInstall() throws Exception {
        mvc.perform(get("/unavailable"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.error").value(true))
                .andExpect(jsonPath("$.code").value("unavailable"))
                .andExpect(jsonPath("$.message").value("bubblewrap is not installed (apt-get install bubblewrap)"));
    }

    /**
     * What the removed SandboxExceptionAdvice did: throw a new error from inside its
     * {@code @ExceptionHandler}. Spring MVC logs such a throw and lets the original exception
     * escape, so the intended 503 never reached the caller (the container answered 500).
     */
    @Test
    void anExceptionHandlerThatThrowsLetsTheOriginalExceptionEscape() {
        MockMvc withThrowingAdvice = MockMvcBuilders.standaloneSetup(new FailingController())
                .setControllerAdvice(new ThrowingAdvice(), new ApiExceptionHandler(new ErrorProperties(false)))
                .build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> withThrowingAdvice.perform(get("/unavailable")))
                .hasRootCauseInstanceOf(SandboxUnavailableException.class);
    }

    @org.springframework.web.bind.annotation.RestControllerAdvice
    @org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
    static class ThrowingAdvice {
        @org.springframework.web.bind.annotation.ExceptionHandler(SandboxUnavailableException.class)
        void unavailable(SandboxUnavailableException e) {
            throw io.codingit.web.ApiException.unavailable(e.getMessage());
        }
    }
}
