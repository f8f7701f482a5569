package io.codingit.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A real headless Chromium (Debian's {@code chromium}) driven through Debian's {@code chromedriver}:
 * both paths are given, so Selenium Manager never looks for (or downloads) a driver or a browser.
 * The browser gets a fresh profile and flags that stop its background traffic to Google, and every
 * request that is not for a loopback host goes to a proxy at 127.0.0.1:9 that refuses it, so
 * nothing leaves the machine whatever a page asks for.
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final WebDriver driver;
    private final Path profile;
    private final ChromeDriverService service;

    /** Why browser tests cannot run here, or null when they can. */
    public static String unavailableReason() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            return Prerequisites.reason("browser tests need Chromium and its driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + ")", Prerequisites.BROWSER_PACKAGES);
        }
        return null;
    }

    /**
     * Put on a browser test class ({@code @ExtendWith(Browser.Required.class)}): without Chromium each
     * of its tests is reported as skipped with the reason (not left out of the count), and under
     * {@code CI=true} each fails instead.
     */
    public static final class Required implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String reason = unavailableReason();
            if (reason == null || context.getTestMethod().isEmpty()) {
                return ConditionEvaluationResult.enabled("Chromium and chromedriver are installed");
            }
            if (Prerequisites.ci()) {
                throw new Prerequisites.MissingPrerequisite(reason + " (CI=true: every prerequisite must be there)");
            }
            return ConditionEvaluationResult.disabled(reason);
        }
    }

    public Browser(int width, int height) throws IOException {
        profile = Files.createTempDirectory("codingit-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--disable-dev-shm-usage", "--no-default-browser-check",
                "--metrics-recording-only", "--disable-domain-reliability", "--disable-client-side-phishing-detection",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height,
                // loopback hosts (localhost, 127.0.0.1, [::1]) bypass a proxy by default, *.localhost (previews) by
                // this list; every other host is sent to a port where nothing listens
                "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=*.localhost;localhost;127.0.0.1");
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** Waits (bounded, for slow machines) until the element is visible. */
    public WebElement await(String css, Duration timeout) {
        return new WebDriverWait(driver, timeout).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    public WebElement await(String css) {
        return await(css, Duration.ofSeconds(20));
    }

    public <T> T until(Duration timeout, String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout).withMessage(what).until(condition);
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Saves a PNG of the viewport as target/screenshots/{name}.png. */
    public Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path target = SCREENSHOTS.resolve(name + ".png");
        Files.move(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    @Override
    public void close() throws IOException {
        // quit can wait forever on a browser that hangs; stopping the driver service ends the browser too
        Thread quit = Thread.ofVirtual().start(driver::quit);
        try {
            quit.join(Duration.ofSeconds(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            service.stop();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
