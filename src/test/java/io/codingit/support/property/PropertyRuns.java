package io.codingit.support.property;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.ParameterDeclarations;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * The runs of a {@link PropertyTest}.
 * <ul>
 *   <li>default, and always when {@code CI=true}: one run whose seed is fixed by the class and method
 *       name, so the suite is reproducible;</li>
 *   <li>{@code -Dcodingit.property.explore=N} (outside CI only): N runs with fresh random seeds, to
 *       look for new failures ({@code ./mvnw -Pexplore-properties test}); a failure found this way
 *       becomes an explicit example test next to the property;</li>
 *   <li>{@code -Dcodingit.property.seed=S}: the single case whose seed a failure printed;</li>
 *   <li>{@code -Dcodingit.property.run-seed=S}: one whole run from the run seed an exploring run printed
 *       (its cases in order, as the exploring run drew them).</li>
 * </ul>
 */
public final class PropertyRuns implements ArgumentsProvider {
    public static final String EXPLORE = "codingit.property.explore";
    public static final String SEED = "codingit.property.seed";
    public static final String RUN_SEED = "codingit.property.run-seed";

    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        PropertyTest settings = method.getAnnotation(PropertyTest.class);
        String id = method.getDeclaringClass().getName() + "#" + method.getName();
        String replay = System.getProperty(SEED, "").trim();
        if (!replay.isEmpty()) {
            return Stream.of(Arguments.of(PropertyRun.replay(id, parseSeed(replay), settings.maxDiscardRatio())));
        }
        String runSeed = System.getProperty(RUN_SEED, "").trim();
        if (!runSeed.isEmpty()) {
            return Stream.of(Arguments.of(PropertyRun.of(id, parseSeed(runSeed), settings.cases(),
                    settings.maxDiscardRatio())));
        }
        int explore = exploreRuns();
        if (explore > 0) {
            SecureRandom fresh = new SecureRandom();
            return LongStream.generate(fresh::nextLong).limit(explore)
                    .mapToObj(seed -> Arguments.of(PropertyRun.of(id, seed, settings.cases(), settings.maxDiscardRatio())));
        }
        return Stream.of(Arguments.of(PropertyRun.of(id, fixedSeed(id), settings.cases(), settings.maxDiscardRatio())));
    }

    /** Whether this run explores new seeds: never under CI, whatever was asked. */
    static int exploreRuns() {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            return 0;
        }
        String value = System.getProperty(EXPLORE, "").trim();
        return value.isEmpty() ? 0 : Integer.parseInt(value);
    }

    /** FNV-1a of the property's name: stable across JVMs and platforms, unlike nothing else in reach. */
    static long fixedSeed(String id) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    static long parseSeed(String text) {
        String digits = text.toLowerCase().startsWith("0x") ? text.substring(2) : text;
        return text.toLowerCase().startsWith("0x") ? Long.parseUnsignedLong(digits, 16) : Long.parseLong(digits);
    }
}
