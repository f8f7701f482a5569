package io.codingit;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Keeps the feature packages honest: a feature's top-level package (and its {@code spi}
 * sub-package, published for providers) is its public API; everything in its other sub-packages is
 * internal. No feature may reach into another's internals, and features may not form cycles.
 */
class ArchitectureTest {
    private static final String ROOT = "io.codingit.";
    private static final String FIXTURE_ROOT = "fixture.arch.";
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.codingit");

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

    static boolean isPublic(String root, String packageName) {
        String rest = packageName.substring(root.length());
        String[] parts = rest.split("\\.");
        return parts.length == 1 || (parts.length == 2 && parts[1].equals("spi"));
    }
}
