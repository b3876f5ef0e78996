package org.parley;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md section 2 (package by feature, dependency rules) and section 6 (banned names), checked
 * on the main classes. When a rule fails, fix the code (or change DESIGN.md and this test together,
 * saying why), never just the test. A new package must be added to PLUMBING or FEATURES below.
 */
class ArchitectureTest {
    static final String ROOT = "org.parley";
    static final String[] PLUMBING = packages("config", "http", "storage", "eventbus", "mail", "outbound", "metrics");
    static final String[] FEATURES = packages("workspace", "identity", "contact", "conversation", "message", "realtime",
            "widget", "activity", "demo", "inbox", "search", "canned", "customer", "push", "notify", "bot", "analytics", "webhook",
            "admin", "retention", "instance", "rating", "live", "privacy", "app", "kb", "file");
    static final String[] PRODUCERS = packages("message", "conversation");
    static final String[] DELIVERERS = packages("realtime", "push", "notify", "bot", "analytics", "live", "webhook", "instance");

    static JavaClasses main;

    /** Imports the main classes from where Wiring was loaded (scanning the whole classpath takes ~20 s). */
    @BeforeAll
    static void importMainClasses() throws URISyntaxException {
        Path mainClasses = Path.of(Wiring.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(mainClasses)
                .that(JavaClass.Predicates.resideInAPackage(ROOT + ".."));
    }

    @Test
    void importsTheMainClassesOnly() {
        assertThat(main.contain(Wiring.class)).as("main classes imported").isTrue();
        assertThat(main.stream().map(c -> c.getPackageName()))
                .as("test classes (testing/ fixtures, *Test, *IT) are not part of the checked code")
                .noneMatch(p -> p.equals(ROOT + ".testing"));
        assertThat(main.contain(ArchitectureTest.class)).isFalse();
    }

    @Test
    void everyPackageIsTheRootPlumbingOrAKnownFeature() {
        ArchRule rule = classes().should().resideInAnyPackage(concat(new String[] {ROOT}, PLUMBING, FEATURES))
                .because("DESIGN.md section 2: a new package is either shared plumbing or a feature; list it in "
                        + "ArchitectureTest so the rules below cover it");
        rule.check(main);
    }

    @Test
    void plumbingImportsNoFeature() {
        ArchRule rule = noClasses().that().resideInAnyPackage(PLUMBING)
                .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
                .because("DESIGN.md section 2: config, http, storage and eventbus are shared plumbing and import no feature");
        rule.check(main);
    }

    @Test
    void producersNeverDependOnDeliverers() {
        ArchRule rule = noClasses().that().resideInAnyPackage(PRODUCERS)
                .should().dependOnClassesThat().resideInAnyPackage(DELIVERERS)
                .because("DESIGN.md section 2: producers (message, conversation) publish events; deliverers "
                        + "(realtime, notify, bot, analytics, webhook) subscribe to them in Wiring, never the reverse import");
        rule.check(main);
    }

    @Test
    void noCyclesBetweenPackages() {
        ArchRule rule = slices().matching(ROOT + ".(*)..").namingSlices("$1")
                .should().beFreeOfCycles()
                .because("DESIGN.md section 2: no cycles between features");
        rule.check(main);
    }

    @Test
    void featuresAndPlumbingDoNotDependOnTheRootPackage() {
        ArchRule rule = noClasses().that().resideInAnyPackage(concat(FEATURES, PLUMBING))
                .should().dependOnClassesThat().resideInAPackage(ROOT)
                .because("DESIGN.md section 2: the root package holds only the entry point and the one composition "
                        + "root (Parley, Wiring, DemoWorkspace, OpenApi); everything else is wired from there");
        rule.check(main);
    }

    @Test
    void theRootPackageHoldsOnlyTheEntryPointAndTheWiring() {
        ArchRule rule = classes().that().resideInAPackage(ROOT)
                .should().haveNameMatching("org\\.parley\\.(Parley|Wiring|DemoWorkspace|OpenApi)(\\$.*)?")
                .because("DESIGN.md section 2: the root holds Parley (main) and Wiring (the composition root) with "
                        + "their helpers DemoWorkspace and OpenApi; features live in their own packages");
        rule.check(main);
    }

    @Test
    void noBannedNames() {
        ArchRule rule = noClasses()
                .should().haveSimpleNameEndingWith("Manager")
                .orShould().haveSimpleNameEndingWith("Helper")
                .orShould().haveSimpleNameEndingWith("Util")
                .orShould().haveSimpleNameEndingWith("Utils")
                .orShould().haveSimpleNameEndingWith("Impl")
                // Base* as a word: BaseRepository, Base; not Baseline or Basket.
                .orShould().haveNameMatching(".*[.$]Base([A-Z0-9_$].*)?")
                .because("DESIGN.md section 6: *Manager, *Helper, *Util, *Impl and Base* say nothing about what a "
                        + "class does; name it by its job");
        rule.check(main);
    }

    private static String[] packages(String... names) {
        return Arrays.stream(names).map(name -> ROOT + "." + name + "..").toArray(String[]::new);
    }

    private static String[] concat(String[]... groups) {
        return Stream.of(groups).flatMap(Arrays::stream).toArray(String[]::new);
    }
}
