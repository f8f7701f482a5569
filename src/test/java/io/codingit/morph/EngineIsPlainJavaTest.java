package io.codingit.morph;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The engine package stays framework-free: it is compiled on its own by bench/morph (with common's
 * DomainException, the one vocabulary of failures, itself plain Java) and reusable anywhere.
 */
class EngineIsPlainJavaTest {

    @Test
    void engineUsesOnlyTheJdkAndCommonsDomainException() {
        JavaClasses engine = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.codingit.morph");
        noClasses().that().resideInAPackage("io.codingit.morph")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "io.codingit.morph", "io.codingit.common")
                .check(engine);
    }
}
