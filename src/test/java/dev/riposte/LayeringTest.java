package dev.riposte;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the dependency directions of the design: the folders tell the data flow, and no package reaches up. */
class LayeringTest {
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.riposte");
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }

    @Test
    void factsAndCommandsDependOnNothingOfOurs() {
        check(noClasses().that().resideInAPackage("dev.riposte.fact..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "dev.riposte.fact..")
                .as("fact types use the JDK only: they are what DRL sees"));
        check(noClasses().that().resideInAPackage("dev.riposte.command..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "dev.riposte.command..")
                .as("command types use the JDK only"));
        check(noClasses().that().resideInAPackage("dev.riposte.text..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "dev.riposte.text..")
                .as("text formatting uses the JDK only: every package may use it"));
    }

    @Test
    void normalizeSeesOnlyFacts() {
        check(noClasses().that().resideInAPackage("dev.riposte.normalize..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.riposte.rules..", "dev.riposte.command..", "dev.riposte.dispatch..",
                        "dev.riposte.aws..", "dev.riposte.audit..", "dev.riposte.pipeline..", "dev.riposte.cli..", "dev.riposte.source..",
                        "dev.riposte.api..", "dev.riposte.playbook.."));
    }

    @Test
    void rulesSeeOnlyFactsAndCommands() {
        check(noClasses().that().resideInAPackage("dev.riposte.rules..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.riposte.normalize..", "dev.riposte.dispatch..", "dev.riposte.aws..",
                        "dev.riposte.audit..", "dev.riposte.pipeline..", "dev.riposte.cli..", "dev.riposte.source..", "dev.riposte.api..",
                        "dev.riposte.playbook.."));
    }

    @Test
    void playbookDependsOnNothingOfOurs() {
        check(noClasses().that().resideInAPackage("dev.riposte.playbook..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.riposte.normalize..", "dev.riposte.rules..", "dev.riposte.dispatch..",
                        "dev.riposte.aws..", "dev.riposte.audit..", "dev.riposte.pipeline..", "dev.riposte.cli..", "dev.riposte.source..",
                        "dev.riposte.api..", "dev.riposte.fact..", "dev.riposte.command..")
                .allowEmptyShould(true));
    }

    @Test
    void dispatchDoesNotReachIntoAwsOrUp() {
        check(noClasses().that().resideInAPackage("dev.riposte.dispatch..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.riposte.aws..", "dev.riposte.notify..", "dev.riposte.normalize..",
                        "dev.riposte.rules..", "dev.riposte.pipeline..", "dev.riposte.cli..", "dev.riposte.source..", "dev.riposte.api.."));
    }

    @Test
    void guardRailsSeeOnlyDispatchFactsAndCommands() {
        check(noClasses().that().resideInAPackage("dev.riposte.guard..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.riposte.aws..", "dev.riposte.notify..", "dev.riposte.normalize..",
                        "dev.riposte.rules..", "dev.riposte.audit..", "dev.riposte.pipeline..", "dev.riposte.cli..", "dev.riposte.source..",
                        "dev.riposte.api..")
                .as("guard -> dispatch, fact, command (and playbook types through dispatch)"));
    }

    @Test
    void rateLimitsSeeOnlyTheDispatchSpi() {
        check(noClasses().that().resideInAPackage("dev.riposte.ratelimit..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.riposte.aws..", "dev.riposte.notify..", "dev.riposte.normalize..",
                        "dev.riposte.rules..", "dev.riposte.audit..", "dev.riposte.pipeline..", "dev.riposte.cli..", "dev.riposte.source..",
                        "dev.riposte.api..", "dev.riposte.guard..", "dev.riposte.idempotency..")
                .as("ratelimit -> dispatch (it implements the Throttle SPI the dispatcher and the aws package call)"));
    }

    @Test
    void actionsDependOnTheSpiNotOnTheTop() {
        check(noClasses().that().resideInAnyPackage("dev.riposte.aws..", "dev.riposte.notify..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.riposte.normalize..", "dev.riposte.rules..", "dev.riposte.pipeline..",
                        "dev.riposte.cli..", "dev.riposte.source..", "dev.riposte.api..", "dev.riposte.audit.."));
    }

    @Test
    void stateIsAnInterfaceWithAFileBackendAndDependsOnNothingOfOurs() {
        check(noClasses().that().resideInAPackage("dev.riposte.state..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.riposte.aws..", "dev.riposte.notify..", "dev.riposte.normalize..",
                        "dev.riposte.rules..", "dev.riposte.audit..", "dev.riposte.pipeline..", "dev.riposte.cli..", "dev.riposte.source..",
                        "dev.riposte.api..", "dev.riposte.guard..", "dev.riposte.idempotency..", "dev.riposte.dispatch..",
                        "dev.riposte.fact..", "dev.riposte.command..", "dev.riposte.replay..", "dev.riposte.ratelimit..")
                .as("state -> nothing of ours (guard, idempotency and the wiring use it; its DynamoDB backend is in aws.dynamodb)"));
    }

    @Test
    void onlyRulesImportsDrools() {
        check(noClasses().that().resideOutsideOfPackage("dev.riposte.rules..")
                .should().dependOnClassesThat().resideInAnyPackage("org.kie..", "org.drools.."));
    }

    @Test
    void onlyAwsImportsTheSdkServices() {
        check(noClasses().that().resideOutsideOfPackage("dev.riposte.aws..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk.services.."));
    }

    @Test
    void lowerLayersDoNotSeeTheTop() {
        check(noClasses().that().resideInAnyPackage("dev.riposte.pipeline..", "dev.riposte.audit..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.riposte.cli..", "dev.riposte.api..", "dev.riposte.source.."));
    }
}
