package io.codingit;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;
import io.codingit.web.ApiException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Keeps the feature packages honest: a feature's top-level package (and its {@code spi}
 * sub-package, published for providers) is its public API; everything in its other sub-packages is
 * internal. No feature may reach into another's internals, and features may not form cycles.
 * The rules cover the production code and the benchmarks in {@code bench/java}, which belong to the
 * feature whose package they are in.
 */
class ArchitectureTest {
    private static final String ROOT = "io.codingit.";
    private static final String FIXTURE_ROOT = "fixture.arch.";
    /** The class files compiled from bench/java, as paths relative to the output directory without ".class". */
    private static final Set<String> BENCH_CLASSES = benchClasses(Path.of("bench", "java"));
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(location -> (ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location)
                    || isBenchClass(location)) && !isPreparedContextCode(location))
            .importPackages("io.codingit");

    @Test
    void theBenchmarksAreChecked() {
        org.assertj.core.api.Assertions.assertThat(BENCH_CLASSES).isNotEmpty();
        org.assertj.core.api.Assertions.assertThat(BENCH_CLASSES).allSatisfy(name -> org.assertj.core.api.Assertions
                .assertThat(CLASSES.contain(name.replace('/', '.'))).as(name).isTrue());
    }

    @Test
    void featuresHaveNoCycles() {
        slices().matching("io.codingit.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void noFeatureReachesIntoAnotherFeaturesInternals() {
        classes().that().resideInAPackage("io.codingit..")
                .should(onlyUsePublicApisOfOtherFeatures(ROOT))
                .check(CLASSES);
    }

    /** The rule must be able to fail: a fixture where one feature uses another's internal class. */
    @Test
    void ruleDetectsAReachIn() {
        JavaClasses fixture = new ClassFileImporter().importPackages("fixture.arch");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> classes().that().resideInAPackage("fixture.arch..")
                        .should(onlyUsePublicApisOfOtherFeatures(FIXTURE_ROOT)).check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("reaches into the internals of feature 'alpha'");
    }

    /**
     * Settings: a feature reads only its own {@code codingit.<feature>.*} keys (those of a
     * {@code @ConfigurationProperties} record in it); other features ask it through its API. A read
     * is a text constant of a class that is a key (an {@code Environment} look-up, a condition, a key
     * prefix being concatenated) or holds a {@code ${key}} placeholder ({@code @Value}); a message
     * that merely names a key for the operator is not a read. Production code only: the benchmarks
     * configure the whole server, as tests do.
     */
    @Test
    void featuresReadOnlyTheirOwnSettings() {
        JavaClasses production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !isPreparedContextCode(location)).importPackages("io.codingit");
        classes().that().resideInAPackage("io.codingit..")
                .should(readOnlyOwnSettings(ROOT, SettingsOwners.of(ROOT, production, SHARED_KEYS)))
                .check(production);
    }

    /** The settings rule must be able to fail: feature gamma reads alpha's keys by name (annotation and literal). */
    @Test
    void settingsRuleDetectsAForeignKey() {
        JavaClasses fixture = new ClassFileImporter().importPackages("fixture.arch");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> classes().that().resideInAPackage("fixture.arch..")
                        .should(readOnlyOwnSettings(FIXTURE_ROOT, SettingsOwners.of(FIXTURE_ROOT, fixture, Map.of())))
                        .check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ReadsAlphasKey reads codingit.alpha.secret, a setting of feature 'alpha'")
                .hasMessageContaining("ReadsAlphasKey reads codingit.alpha.other, a setting of feature 'alpha'");
    }

    /**
     * Errors: {@code web.ApiException} is an HTTP type, for controllers and web alone; every other
     * class throws its feature's {@code DomainException}s (web maps their kind to a status).
     */
    @Test
    void onlyControllersAndWebUseTheHttpErrorType() {
        noClasses().that(areOutsideWebAndControllers(ROOT)).should().dependOnClassesThat()
                .areAssignableTo(ApiException.class)
                .because("features throw their own DomainException subclasses; web maps them to HTTP")
                .check(CLASSES);
    }

    /** The error rule must be able to fail: a plain class of feature gamma throws ApiException. */
    @Test
    void errorRuleDetectsAnHttpErrorOutsideControllers() {
        JavaClasses fixture = new ClassFileImporter().importPackages("fixture.arch");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> noClasses().that(areOutsideWebAndControllers(FIXTURE_ROOT))
                        .should().dependOnClassesThat().areAssignableTo(ApiException.class).check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("fixture.arch.gamma.ThrowsHttpError");
    }

    private static DescribedPredicate<JavaClass> areOutsideWebAndControllers(String root) {
        return DescribedPredicate.describe("are neither in web nor (in) a controller", c -> {
            if (feature(root, c.getPackageName()).equals("web")) {
                return false;
            }
            JavaClass top = c;
            while (top.getEnclosingClass().isPresent()) {
                top = top.getEnclosingClass().get();
            }
            return !(top.isAnnotatedWith(RestController.class) || top.isAnnotatedWith(Controller.class)
                    || top.isAnnotatedWith(RestControllerAdvice.class) || top.isAnnotatedWith(ControllerAdvice.class));
        });
    }

    /** Keys outside any feature's prefix, with their owner. */
    private static final Map<String, String> SHARED_KEYS = Map.of("codingit.data-dir", "common");

    private static ArchCondition<JavaClass> readOnlyOwnSettings(String root, SettingsOwners owners) {
        return new ArchCondition<>("read only the settings of its own feature") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                String feature = feature(root, origin.getPackageName());
                for (String text : ClassFileStrings.of(origin)) {
                    for (String name : settingKeysReadBy(text)) {
                        String owner = owners.ownerOf(name);
                        if (owner == null) {
                            events.add(SimpleConditionEvent.violated(origin, origin.getName() + " reads " + name
                                    + ", a setting no feature owns (no @ConfigurationProperties prefix covers it)"));
                        } else if (!owner.equals(feature)) {
                            events.add(SimpleConditionEvent.violated(origin, origin.getName() + " reads " + name
                                    + ", a setting of feature '" + owner + "'"));
                        }
                    }
                }
            }
        };
    }

    private static final Pattern WHOLE_KEY = Pattern.compile("codingit(\\.[a-z0-9][a-z0-9-]*)+\\.?");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(codingit(\\.[a-z0-9][a-z0-9-]*)+)");

    /** The keys a text constant reads: the whole text is a key (or a key prefix), or it holds ${key} placeholders. */
    static List<String> settingKeysReadBy(String text) {
        if (WHOLE_KEY.matcher(text).matches()) {
            return List.of(text.endsWith(".") ? text.substring(0, text.length() - 1) : text);
        }
        List<String> keys = new java.util.ArrayList<>();
        Matcher placeholder = PLACEHOLDER.matcher(text);
        while (placeholder.find()) {
            keys.add(placeholder.group(1));
        }
        return keys;
    }

    /** Which feature owns which key prefix, from the {@code @ConfigurationProperties} records. */
    record SettingsOwners(Map<String, String> byPrefix) {
        static SettingsOwners of(String root, JavaClasses classes, Map<String, String> shared) {
            Map<String, String> byPrefix = new java.util.HashMap<>(shared);
            for (JavaClass c : classes) {
                if (!c.isAnnotatedWith(ConfigurationProperties.class)) {
                    continue;
                }
                ConfigurationProperties annotation = c.getAnnotationOfType(ConfigurationProperties.class);
                String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
                String owner = feature(root, c.getPackageName());
                if (prefix.equals("codingit")) {
                    // keys directly under codingit.: the record's own components
                    for (var component : c.reflect().getRecordComponents()) {
                        byPrefix.put("codingit." + kebab(component.getName()), owner);
                    }
                } else {
                    byPrefix.put(prefix, owner);
                }
            }
            return new SettingsOwners(byPrefix);
        }

        /** The owner of the longest prefix that covers {@code key}, or null. */
        String ownerOf(String key) {
            String best = null;
            for (String prefix : byPrefix.keySet()) {
                if ((key.equals(prefix) || key.startsWith(prefix + ".")) && (best == null || prefix.length() > best.length())) {
                    best = prefix;
                }
            }
            return best == null ? null : byPrefix.get(best);
        }

        private static String kebab(String camel) {
            return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static ArchCondition<JavaClass> onlyUsePublicApisOfOtherFeatures(String root) {
        return new ArchCondition<>("only use the public API of other features") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                String originFeature = feature(root, origin.getPackageName());
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                    String targetPackage = d.getTargetClass().getPackageName();
                    if (!targetPackage.startsWith(root)) {
                        continue;
                    }
                    String targetFeature = feature(root, targetPackage);
                    if (targetFeature.equals(originFeature) || isPublic(root, targetPackage)) {
                        continue;
                    }
                    events.add(SimpleConditionEvent.violated(d, d.getDescription()
                            + " reaches into the internals of feature '" + targetFeature + "'"));
                }
            }
        };
    }

    static String feature(String root, String packageName) {
        if (!packageName.startsWith(root)) {
            return "";
        }
        String rest = packageName.substring(root.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static Set<String> benchClasses(Path sources) {
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .map(f -> sources.relativize(f).toString().replace('\\', '/').replaceFirst("\\.java$", ""))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException("ArchitectureTest runs from the project directory, which has bench/java", e);
        }
    }

    /**
     * The code Spring AOT generates at {@code package} (io.codingit.startup; {@code Foo__BeanDefinitions} and the like):
     * it registers every feature's beans, internals included, by design; only there after a build that packaged.
     */
    private static boolean isPreparedContextCode(Location location) {
        return location.contains("__");
    }

    private static boolean isBenchClass(Location location) {
        String uri = location.asURI().toString();
        if (!uri.endsWith(".class")) {
            return false;
        }
        String withoutSuffix = uri.substring(0, uri.length() - ".class".length());
        int nested = withoutSuffix.indexOf('$', withoutSuffix.lastIndexOf('/'));
        String topLevel = nested < 0 ? withoutSuffix : withoutSuffix.substring(0, nested);
        return BENCH_CLASSES.stream().anyMatch(name -> topLevel.endsWith("/" + name));
    }

    static boolean isPublic(String root, String packageName) {
        String rest = packageName.substring(root.length());
        String[] parts = rest.split("\\.");
        return parts.length == 1 || (parts.length == 2 && parts[1].equals("spi"));
    }
}
