package dev.riposte;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the dependency directions of the design: the folders tell the data flow, and no package reaches up. The layers
 * below are an allowlist: each package names what it may use, and a package that is in no layer fails
 * {@link #everyPackageIsInTheAllowlist}, so a new package is constrained from its first class.
 */
class LayeringTest {
    /**
     * The allowlist: each package of ours (a layer) and the packages it may use; the JDK and libraries are checked by the
     * rules further down, not here.
     */
    private static final Map<String, List<String>> MAY_USE = allowlist(
            "fact", "",
            "command", "",
            "text", "",
            // the typed riposte.* configuration: every package that reads a key uses it
            "config", "",
            // the audit vocabulary (outcomes, modes) that dispatch, its checks, the state backend and the audit log
            // share
            "decision", "",
            // the playbook feature: the YAML model and its parser (nothing of ours), and running it (through the
            // dispatcher,
            // with approvals)
            "playbook", "text",
            "normalize", "fact text",
            "rules", "fact command text",
            "dispatch", "fact command text decision",
            "playbook.run", "fact command text playbook dispatch decision state",
            // of the playbook feature, guard builds the approvals from their configuration (GuardProducer)
            "guard", "dispatch fact command playbook playbook.run text state decision config",
            "idempotency", "dispatch fact command text state decision config",
            "ratelimit", "dispatch text config",
            // what makes dispatch safe across replicas (idempotency records, breaker, cooldowns): an interface with a
            // file
            // backend; the DynamoDB backend is in aws
            "state", "text decision",
            // aws: the SDK clients and what they share, then what uses them (actions, investigation, tag reader), each
            // on its own
            "aws.json", "",
            "aws.client", "dispatch fact text aws.json config",
            "aws.document", "fact text",
            "aws.action", "dispatch fact command text aws.client aws.document aws.json decision",
            "aws.investigate", "dispatch fact command text aws.client aws.document aws.json config",
            "aws.tags", "dispatch fact command text aws.client config",
            "aws.sqs", "text",
            "aws.dynamodb", "state text",
            "notify", "dispatch fact command text config",
            "audit", "text decision",
            // pipeline wires; of aws it builds only the DynamoDB state backend (StateProducer) and fences the AWS
            // clients with
            // the rules lease (LiveService: a replica that lost it sends nothing more)
            "pipeline",
                    "fact command text playbook playbook.run normalize rules dispatch guard audit state aws.dynamodb aws.client"
                            + " decision config",
            "metrics", "fact text dispatch guard audit pipeline decision",
            "replay",
                    "fact command text playbook playbook.run normalize rules dispatch guard idempotency ratelimit audit pipeline source"
                            + " decision",
            "source", "fact text normalize audit aws.sqs pipeline state decision config",
            "api", "fact command text playbook.run rules dispatch guard audit pipeline state decision config",
            "cli",
                    "fact command text decision playbook playbook.run normalize rules "
                            + "dispatch guard idempotency ratelimit state aws.tags aws.investigate"
                            + " notify audit pipeline config"
                            + " metrics replay source api",
            // registers for reflection the types that are serialized: names them, uses nothing
            "nativeimage", "fact command dispatch audit decision");

    private static Map<String, List<String>> allowlist(String... packageThenUses) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < packageThenUses.length; i += 2) {
            String uses = packageThenUses[i + 1];
            m.put(packageThenUses[i], uses.isEmpty() ? List.of() : List.of(uses.split(" ")));
        }
        return m;
    }

    private static LayeredArchitecture layers() {
        LayeredArchitecture a = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String p : MAY_USE.keySet()) {
            // a package with sub-packages of its own in the table (playbook, playbook.run) is that package alone
            boolean parent = MAY_USE.keySet().stream().anyMatch(q -> q.startsWith(p + "."));
            a = a.layer(p).definedBy("dev.riposte." + p + (parent ? "" : ".."));
        }
        a = a.withOptionalLayers(true); // a layer may be empty (state: added by its own change)
        for (Map.Entry<String, List<String>> e : MAY_USE.entrySet()) {
            a = e.getValue().isEmpty()
                    ? a.whereLayer(e.getKey()).mayNotAccessAnyLayer()
                    : a.whereLayer(e.getKey()).mayOnlyAccessLayers(e.getValue().toArray(String[]::new));
        }
        return a;
    }

    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.riposte");
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }

    @Test
    void packagesUseOnlyWhatTheirAllowlistNames() {
        check(layers());
    }

    @Test
    void everyPackageIsInTheAllowlist() {
        check(classes()
                .that()
                .resideInAPackage("dev.riposte..")
                .and()
                .resideOutsideOfPackage("dev.riposte")
                .should()
                .resideInAnyPackage(MAY_USE.keySet().stream()
                        .map(p -> "dev.riposte." + p + "..")
                        .toArray(String[]::new))
                .as("every package of ours is in LayeringTest.MAY_USE (a new one says there what it may use)"));
    }

    @Test
    void packagesAreFreeOfCycles() {
        check(slices().matching("dev.riposte.(*)..").should().beFreeOfCycles());
    }

    @Test
    void factsAndCommandsDependOnNothingOfOurs() {
        check(noClasses()
                .that()
                .resideInAPackage("dev.riposte.fact..")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("java..", "dev.riposte.fact..")
                .as("fact types use the JDK only: they are what DRL sees"));
        check(noClasses()
                .that()
                .resideInAPackage("dev.riposte.command..")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("java..", "dev.riposte.command..")
                .as("command types use the JDK only"));
        check(noClasses()
                .that()
                .resideInAPackage("dev.riposte.text..")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("java..", "dev.riposte.text..")
                .as("text formatting uses the JDK only: every package may use it"));
    }

    @Test
    void normalizeSeesOnlyFacts() {
        check(noClasses()
                .that()
                .resideInAPackage("dev.riposte.normalize..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.riposte.rules..",
                        "dev.riposte.command..",
                        "dev.riposte.dispatch..",
                        "dev.riposte.aws..",
                        "dev.riposte.audit..",
                        "dev.riposte.pipeline..",
                        "dev.riposte.cli..",
                        "dev.riposte.source..",
                        "dev.riposte.api..",
                        "dev.riposte.playbook.."));
    }

    @Test
    void rulesSeeOnlyFactsAndCommands() {
        check(noClasses()
                .that()
                .resideInAPackage("dev.riposte.rules..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.riposte.normalize..",
                        "dev.riposte.dispatch..",
                        "dev.riposte.aws..",
                        "dev.riposte.audit..",
                        "dev.riposte.pipeline..",
                        "dev.riposte.cli..",
                        "dev.riposte.source..",
                        "dev.riposte.api..",
                        "dev.riposte.playbook.."));
    }

    @Test
    void playbookDependsOnNothingOfOurs() {
        check(noClasses()
                .that()
                .resideInAPackage("dev.riposte.playbook")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.riposte.normalize..",
                        "dev.riposte.rules..",
                        "dev.riposte.dispatch..",
                        "dev.riposte.aws..",
                        "dev.riposte.audit..",
                        "dev.riposte.pipeline..",
                        "dev.riposte.cli..",
                        "dev.riposte.source..",
                        "dev.riposte.api..",
                        "dev.riposte.fact..",
                        "dev.riposte.command..")
                .allowEmptyShould(true));
    }

    @Test
    void dispatchDoesNotReachIntoAwsOrUp() {
        check(noClasses()
                .that()
                .resideInAPackage("dev.riposte.dispatch..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.riposte.aws..",
                        "dev.riposte.notify..",
                        "dev.riposte.normalize..",
                        "dev.riposte.rules..",
                        "dev.riposte.pipeline..",
                        "dev.riposte.cli..",
                        "dev.riposte.source..",
                        "dev.riposte.api..",
                        "dev.riposte.playbook.."));
    }

    @Test
    void guardRailsSeeOnlyDispatchFactsAndCommands() {
        check(noClasses()
                .that()
                .resideInAPackage("dev.riposte.guard..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.riposte.aws..",
                        "dev.riposte.notify..",
                        "dev.riposte.normalize..",
                        "dev.riposte.rules..",
                        "dev.riposte.audit..",
                        "dev.riposte.pipeline..",
                        "dev.riposte.cli..",
                        "dev.riposte.source..",
                        "dev.riposte.api..")
                .as("guard -> dispatch, fact, command (and playbook types through dispatch)"));
    }

    @Test
    void rateLimitsSeeOnlyTheDispatchSpi() {
        check(noClasses()
                .that()
                .resideInAPackage("dev.riposte.ratelimit..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.riposte.aws..",
                        "dev.riposte.notify..",
                        "dev.riposte.normalize..",
                        "dev.riposte.rules..",
                        "dev.riposte.audit..",
                        "dev.riposte.pipeline..",
                        "dev.riposte.cli..",
                        "dev.riposte.source..",
                        "dev.riposte.api..",
                        "dev.riposte.guard..",
                        "dev.riposte.idempotency..")
                .as("ratelimit -> dispatch (it implements the Throttle SPI the dispatcher and the aws package call)"));
    }

    @Test
    void actionsDependOnTheSpiNotOnTheTop() {
        check(noClasses()
                .that()
                .resideInAnyPackage("dev.riposte.aws..", "dev.riposte.notify..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.riposte.normalize..",
                        "dev.riposte.rules..",
                        "dev.riposte.pipeline..",
                        "dev.riposte.cli..",
                        "dev.riposte.source..",
                        "dev.riposte.api..",
                        "dev.riposte.audit.."));
    }

    @Test
    void stateIsAnInterfaceWithAFileBackendAndDependsOnNothingOfOurs() {
        check(noClasses()
                .that()
                .resideInAPackage("dev.riposte.state..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.riposte.aws..",
                        "dev.riposte.notify..",
                        "dev.riposte.normalize..",
                        "dev.riposte.rules..",
                        "dev.riposte.audit..",
                        "dev.riposte.pipeline..",
                        "dev.riposte.cli..",
                        "dev.riposte.source..",
                        "dev.riposte.api..",
                        "dev.riposte.guard..",
                        "dev.riposte.idempotency..",
                        "dev.riposte.dispatch..",
                        "dev.riposte.fact..",
                        "dev.riposte.command..",
                        "dev.riposte.replay..",
                        "dev.riposte.ratelimit..")
                .as("state -> nothing of ours (guard, idempotency and the "
                        + "wiring use it; its DynamoDB backend is in aws.dynamodb)"));
    }

    @Test
    void onlyRulesImportsDrools() {
        check(noClasses()
                .that()
                .resideOutsideOfPackage("dev.riposte.rules..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.kie..", "org.drools.."));
    }

    @Test
    void onlyAwsImportsTheSdkServices() {
        check(noClasses()
                .that()
                .resideOutsideOfPackage("dev.riposte.aws..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("software.amazon.awssdk.services.."));
    }

    @Test
    void lowerLayersDoNotSeeTheTop() {
        check(noClasses()
                .that()
                .resideInAnyPackage("dev.riposte.pipeline..", "dev.riposte.audit..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.riposte.cli..", "dev.riposte.api..", "dev.riposte.source.."));
    }
}
