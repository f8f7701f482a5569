package io.codingit.console;

import io.codingit.llm.HostResolver;
import io.codingit.sandbox.egress.LocalRegistries;
import io.codingit.sandbox.spi.SandboxProvider;
import io.codingit.support.Browser;
import io.codingit.support.FakeLlmServer;
import io.codingit.support.FakeLlmServer.Reply;
import io.codingit.support.FakeLlmServer.Wire;
import io.codingit.support.IntegrationTest;
import io.codingit.support.Prerequisites;
import io.codingit.support.TestApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 in the console: a fragment's dependencies install while the run output shows the installer's
 * lines as they come (the install events of {@code POST /api/sandbox} with {@code Accept: text/event-stream}),
 * and a failed install shows as an error. The registries are the tests' loopback stand-ins
 * ({@link LocalRegistries}, reached through the server's egress proxy, {@code egress: registries}).
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(Browser.Required.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ConsoleInstallBrowserTest {
    static final String PASSWORD = "correct horse battery staple 42";
    static final LocalRegistries REGISTRIES = new LocalRegistries()
            .wheel("codingit-console-probe", "0.3.0", "codingit_console_probe", "WHO = 'installed for the console'\n");
    static final FakeLlmServer upstream = new FakeLlmServer();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("codingit.llm.allowed-base-url-hosts", () -> FakeLlmServer.HOST);
        registry.add("codingit.rate-limit.auth.capacity", () -> "1000");
        registry.add("codingit.llm.base-urls.openai", upstream::baseUrl);
        registry.add("OPENAI_API_KEY", () -> "sk-test-console-install-0123456789");
        registry.add("codingit.llm.base-urls.ollama", () -> "http://localhost:9");
        registry.add("codingit.sandbox.egress", () -> "registries");
        registry.add("codingit.sandbox.warm-pool", () -> "0");
        registry.add("codingit.sandbox.registries.hosts", () -> "pypi.test:" + REGISTRIES.pythonPort() + ",npm.test:"
                + REGISTRIES.npmPort());
        registry.add("codingit.sandbox.registries.private-hosts", () -> "pypi.test,npm.test");
        registry.add("codingit.sandbox.registries.python-index-url", () -> "http://pypi.test:" + REGISTRIES.pythonPort() + "/simple");
        registry.add("codingit.sandbox.registries.npm-registry-url", () -> "http://npm.test:" + REGISTRIES.npmPort() + "/");
    }

    /** The registries' names resolve from a table; every other name as the system would (only loopback here). */
    @TestConfiguration
    static class TableResolver {
        @Bean
        @Primary
        HostResolver consoleInstallResolver() {
            return host -> switch (host) {
                case "pypi.test", "npm.test" -> List.of(InetAddress.getLoopbackAddress());
                default -> Arrays.asList(InetAddress.getAllByName(host));
            };
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    SandboxProvider sandboxes;

    Browser browser;

    @BeforeAll
    void startBrowser() throws IOException {
        browser = new Browser(1440, 900);
    }

    @AfterAll
    void stop() throws IOException {
        REGISTRIES.releaseFiles();
        REGISTRIES.close();
        upstream.close();
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void requireSandboxesAndSignUp() {
        Prerequisites.require(sandboxes.status().available(),
                "sandboxes unavailable on this host: " + sandboxes.status().unavailableReason(), Prerequisites.SANDBOX_PACKAGES);
        upstream.reset();
        browser.open("http://localhost:" + port + "/");
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeAsyncScript(
                "const done = arguments[0]; fetch('/api/auth/logout', {method: 'POST'}).finally(() => done(true));");
        browser.driver().manage().deleteAllCookies();
        browser.script("sessionStorage.clear(); localStorage.removeItem('codingit-model');");
        browser.open("http://localhost:" + port + "/");
        browser.await("#auth-switch").click();
        String email = "install-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        browser.find("#email").sendKeys(email);
        browser.find("#password").sendKeys(PASSWORD);
        browser.find("#auth-submit").click();
        assertThat(browser.await("#who").getText()).isEqualTo(email);
    }

    /** The model (the fake upstream, with the server's key) answers with a fragment that needs {@code packages}. */
    void promptForAFragmentNeeding(List<String> packages, String code) throws IOException {
        Map<String, Object> fragment = new LinkedHashMap<>();
        fragment.put("commentary", "I use a package.");
        fragment.put("template", "code-interpreter-v1");
        fragment.put("title", "Needs a package");
        fragment.put("description", "d");
        fragment.put("additional_dependencies", packages);
        fragment.put("has_additional_dependencies", true);
        fragment.put("install_dependencies_command", "pip install " + String.join(" ", packages));
        fragment.put("file_path", "script.py");
        fragment.put("code", code);
        upstream.enqueue(Reply.of(200, "text/event-stream", Wire.openAi(Wire.pieces(TestApi.JSON.writeValueAsString(fragment), 40))));
        browser.await("#prompt").sendKeys("use the probe package");
        browser.find("#send").click();
        browser.await("#code-editor");
    }

    @Test
    void theInstallersOutputShowsWhileItRunsThenTheCodeRuns() throws Exception {
        promptForAFragmentNeeding(List.of("codingit-console-probe"),
                "import codingit_console_probe as p\nprint(p.WHO)\n");
        // the wheel's download is held: pip has said what it collects and waits
        REGISTRIES.holdFiles();
        try {
            browser.find("#run").click();
            browser.until(Duration.ofSeconds(90), "pip's first lines while it is still installing",
                    d -> !d.findElements(By.cssSelector("#install-output")).isEmpty()
                            && browser.find("#install-output").getText().contains("codingit-console-probe"));
            assertThat(browser.find("#install-live").isDisplayed()).isTrue();
            assertThat(browser.driver().findElements(By.cssSelector("#stdout"))).isEmpty();
            browser.screenshot("22-install-streaming");
        } finally {
            REGISTRIES.releaseFiles();
        }
        browser.until(Duration.ofSeconds(120), "the code runs with the package",
                d -> !d.findElements(By.cssSelector("#stdout")).isEmpty()
                        && browser.find("#stdout").getText().contains("installed for the console"));
        // the installer's output stays with the result
        assertThat(browser.find("#install-output").getText()).contains("codingit-console-probe");
        assertThat(browser.driver().findElements(By.cssSelector("#install-live"))).isEmpty();
    }

    @Test
    void aFailedInstallShowsAsAnErrorWithTheInstallersOutput() throws Exception {
        promptForAFragmentNeeding(List.of("codingit-console-missing"), "print('never')\n");
        browser.find("#run").click();
        WebElement error = browser.await("#run-error", Duration.ofSeconds(120));
        assertThat(error.getText()).contains("codingit-console-missing");
        WebElement output = browser.find("#install-output");
        assertThat(output.getAttribute("class")).contains("err");
        assertThat(browser.find("#install h3").getText()).isEqualTo("Installing dependencies failed");
        assertThat(browser.driver().findElements(By.cssSelector("#stdout"))).isEmpty();
        browser.screenshot("23-install-failed");
    }
}
