package io.codingit.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Captures everything logged during a test, far more than production logs: the root logger at
 * DEBUG and the web, security and our own loggers at TRACE (which makes Spring MVC log whole request
 * and response bodies). For tests asserting that secrets never reach the logs:
 * {@code @RegisterExtension VerboseLogCapture logs = new VerboseLogCapture();} then {@code logs.text()}.
 */
public final class VerboseLogCapture implements BeforeEachCallback, AfterEachCallback {
    private static final List<String> VERBOSE = List.of("io.codingit", "org.springframework.web",
            "org.springframework.security");

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Map<String, Level> previousLevels = new HashMap<>();
    private Logger root;
    private Level previousRootLevel;

    @Override
    public void beforeEach(ExtensionContext context) {
        root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        previousRootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        synchronized (captured) {
            captured.list.clear();
        }
        captured.start();
        root.addAppender(captured);
        for (String name : VERBOSE) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            previousLevels.put(name, logger.getLevel());
            logger.setLevel(Level.TRACE);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        root.detachAppender(captured);
        root.setLevel(previousRootLevel);
        previousLevels.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
    }

    /** How many events were captured, to prove the capture itself works. */
    public int eventCount() {
        return snapshot().size();
    }

    /** Every captured message with its logging context and stack trace, one event per line. */
    public String text() {
        return snapshot().stream().map(VerboseLogCapture::render).collect(Collectors.joining("\n"));
    }

    /**
     * A copy of the events: other threads (a background task, a reaper) may log while a test reads, and
     * {@link ListAppender} appends under the appender's own lock, so the copy is taken under it too.
     */
    private List<ILoggingEvent> snapshot() {
        synchronized (captured) {
            return new java.util.ArrayList<>(captured.list);
        }
    }

    private static String render(ILoggingEvent event) {
        String text = event.getFormattedMessage() + " " + event.getMDCPropertyMap();
        return event.getThrowableProxy() == null ? text
                : text + "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
    }
}
