package io.codingit;

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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
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
            .withImportOption(location -> ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location)
                    || isBenchClass(location))
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
