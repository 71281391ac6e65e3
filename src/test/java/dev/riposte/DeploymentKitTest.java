package dev.riposte;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Structural checks of deploy/: the CloudFormation templates resolve every reference, the queue has its dead-letter
 * queue, EventBridge may send to it from exactly the rules, and the ECS example only sets documented keys.
 * (The responder policy against `riposte iam-policy` is checked by cli.DeploymentPolicyIT on the packaged jar.)
 */
class DeploymentKitTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path TEMPLATES = Path.of("deploy/cloudformation");
    static final Set<String> PSEUDO = Set.of(
            "AWS::AccountId",
            "AWS::NotificationARNs",
            "AWS::NoValue",
            "AWS::Partition",
            "AWS::Region",
            "AWS::StackId",
            "AWS::StackName",
            "AWS::URLSuffix");
    static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

    static JsonNode read(Path p) throws IOException {
        return JSON.readTree(Files.readString(p));
    }

    static List<Path> templates() throws IOException {
        try (Stream<Path> s = Files.list(TEMPLATES)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void thereIsOneServiceTemplateAndOneResponderTemplateAndNoOther() throws IOException {
        // plus the alarms and the cross-account forwarding (issue 18.11), which define nothing the two others do
        assertThat(templates())
                .extracting(p -> p.getFileName().toString())
                .containsExactly(
                        "riposte-alarms.json",
                        "riposte-bus-policy.json",
                        "riposte-forwarding.json",
                        "riposte-responder.json",
                        "riposte.json");
        try (Stream<Path> all = Files.walk(Path.of("deploy"))) {
            List<String> elsewhere = all.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(TEMPLATES))
                    .filter(
                            p -> { // any other CloudFormation template, JSON or YAML, would be a second source of truth
                                try {
                                    return Files.readString(p).contains("AWSTemplateFormatVersion");
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            })
                    .map(Path::toString)
                    .toList();
            assertThat(elsewhere)
                    .as("CloudFormation templates outside deploy/cloudformation")
                    .isEmpty();
        }
    }

    @Test
    void theRulesFilterToWhatNeedsAnAnswer() throws IOException {
        JsonNode resources = read(TEMPLATES.resolve("riposte.json")).get("Resources");
        assertThat(resources.at("/SecurityHubFindingsRule/Properties/EventPattern/detail/findings/Workflow/Status"))
                .extracting(JsonNode::asText)
                .containsExactly("NEW", "NOTIFIED");
        assertThat(resources.at(
                        "/ConfigComplianceRule/Properties/EventPattern/detail/newEvaluationResult/complianceType"))
                .extracting(JsonNode::asText)
                .containsExactly("NON_COMPLIANT");
        assertThat(resources
                        .at("/ConsoleSignInRule/Properties/EventPattern/detail-type/0")
                        .asText())
                .isEqualTo("AWS Console Sign In via CloudTrail");
        // the task role may consume exactly the stack's queue and assume only the responder role
        JsonNode statements = resources.at("/RiposteRole/Properties/Policies/0/PolicyDocument/Statement");
        assertThat(statements.get(0).at("/Resource/Fn::GetAtt/0").asText()).isEqualTo("EventQueue");
        assertThat(statements.get(1).get("Action").asText()).isEqualTo("sts:AssumeRole");
        assertThat(statements.get(1).at("/Resource/Fn::Sub").asText()).endsWith(":role/${ResponderRoleName}");
    }

    @Test
    void everyReferenceInEveryTemplatePointsAtSomethingDeclared() throws IOException {
        for (Path p : templates()) {
            List<String> problems = referenceProblems(read(p));
            assertThat(problems).as(p.toString()).isEmpty();
        }
    }

    @Test
    void theReferenceCheckFindsDanglingReferences() throws IOException {
        JsonNode t = JSON.readTree("""
                {"Parameters": {"P": {"Type": "String"}}, "Conditions": {"C": {"Fn::Equals": ["a", "b"]}},
                 "Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {
                   "A": {"Ref": "P"}, "B": {"Ref": "Nope"}, "C": {"Fn::GetAtt": ["Gone", "Arn"]}, "D": {"Fn::GetAtt": "Q.Arn"},
                   "E": {"Fn::Sub": "${AWS::Region}-${P}-${Missing}-${!Literal}"}, "F": {"Fn::If": ["NoSuchCondition", 1, 2]},
                   "G": {"Fn::Sub": ["${X}-${Y}", {"X": "x"}]}}}}}
                """);
        assertThat(referenceProblems(t))
                .containsExactlyInAnyOrder(
                        "Ref Nope", "GetAtt Gone", "Sub ${Missing}", "Fn::If condition NoSuchCondition", "Sub ${Y}");
    }

    @Test
    void theEventQueueRedrivesToADeadLetterQueue() throws IOException {
        JsonNode resources = read(TEMPLATES.resolve("riposte.json")).get("Resources");
        JsonNode redrive = resources.at("/EventQueue/Properties/RedrivePolicy");
        assertThat(redrive.isObject()).as("EventQueue has a RedrivePolicy").isTrue();
        String dlq = redrive.at("/deadLetterTargetArn/Fn::GetAtt/0").asText();
        assertThat(resources.at("/" + dlq + "/Type").asText()).isEqualTo("AWS::SQS::Queue");
        assertThat(dlq).isNotEqualTo("EventQueue");
        assertThat(redrive.at("/deadLetterTargetArn/Fn::GetAtt/1").asText()).isEqualTo("Arn");
        assertThat(redrive.has("maxReceiveCount")).isTrue();
        // the dead-letter queue keeps messages longer than the queue, so nothing expires before someone looks
        assertThat(resources
                        .at("/" + dlq + "/Properties/MessageRetentionPeriod")
                        .asInt())
                .isGreaterThan(resources
                        .at("/EventQueue/Properties/MessageRetentionPeriod")
                        .asInt());
    }

    @Test
    void eventBridgeRulesCoverTheSourcesAndOnlyTheyMaySendToTheQueue() throws IOException {
        JsonNode resources = read(TEMPLATES.resolve("riposte.json")).get("Resources");
        List<String> rules = new ArrayList<>();
        SortedSet<String> detailTypes = new TreeSet<>();
        resources.fields().forEachRemaining(e -> {
            if (e.getValue().path("Type").asText().equals("AWS::Events::Rule")) {
                rules.add(e.getKey());
                JsonNode props = e.getValue().get("Properties");
                props.at("/EventPattern/detail-type").forEach(d -> detailTypes.add(d.asText()));
                assertThat(props.get("Targets"))
                        .as(e.getKey() + " targets")
                        .anySatisfy(t ->
                                assertThat(t.at("/Arn/Fn::GetAtt/0").asText()).isEqualTo("EventQueue"));
            }
        });
        assertThat(detailTypes)
                .contains(
                        "GuardDuty Finding",
                        "Security Hub Findings - Imported",
                        "Config Rules Compliance Change",
                        "AWS API Call via CloudTrail");
        JsonNode api = resources.get("CloudTrailApiCallsRule").at("/Properties/EventPattern");
        assertThat(api.get("source"))
                .extracting(JsonNode::asText)
                .contains("aws.ec2", "aws.iam", "aws.s3", "aws.cloudtrail", "aws.kms");
        assertThat(api.at("/detail/eventName"))
                .extracting(JsonNode::asText)
                .contains(
                        "AuthorizeSecurityGroupIngress",
                        "CreateAccessKey",
                        "PutBucketPolicy",
                        "StopLogging",
                        "ScheduleKeyDeletion");

        JsonNode statement = resources.at("/EventQueuePolicy/Properties/PolicyDocument/Statement/0");
        assertThat(statement.at("/Principal/Service").asText()).isEqualTo("events.amazonaws.com");
        assertThat(statement.get("Action").asText()).isEqualTo("sqs:SendMessage");
        List<String> allowed = new ArrayList<>();
        statement
                .at("/Condition/ArnEquals/aws:SourceArn")
                .forEach(a -> allowed.add(a.at("/Fn::GetAtt/0").asText()));
        assertThat(allowed).containsExactlyInAnyOrderElementsOf(rules);
    }

    @Test
    void theResponderRoleTrustsOnlyTheRiposteRoleAndBothTemplatesGrantTheSameActions() throws IOException {
        JsonNode service = read(TEMPLATES.resolve("riposte.json")).at("/Resources/ResponderRole/Properties");
        JsonNode member = read(TEMPLATES.resolve("riposte-responder.json")).at("/Resources/ResponderRole/Properties");
        assertThat(service.at("/AssumeRolePolicyDocument/Statement/0/Principal/AWS/Fn::GetAtt/0")
                        .asText())
                .isEqualTo("RiposteRole");
        assertThat(member.at("/AssumeRolePolicyDocument/Statement/0/Principal/AWS/Ref")
                        .asText())
                .isEqualTo("RiposteRoleArn");
        assertThat(responderActions(service)).isNotEmpty().isEqualTo(responderActions(member));
        assertThat(statementActions(service, "RiposteReads"))
                .isEqualTo(statementActions(member, "RiposteReads"))
                // the exempt-tag check of live commands (AwsTagReader) reads the current tags; CloudTrail's read is
                // LookupEvents
                .contains("ec2:DescribeTags", "iam:ListUserTags", "iam:ListRoleTags")
                .allSatisfy(
                        a -> assertThat(a).as("read-only").matches("[a-z0-9]+:(Describe|Get|List|Lookup)[A-Za-z]+"));
    }

    /** The Action list of the RiposteActions statement of a responder role's properties. */
    static SortedSet<String> responderActions(JsonNode roleProperties) {
        return statementActions(roleProperties, "RiposteActions");
    }

    static SortedSet<String> statementActions(JsonNode roleProperties, String sid) {
        SortedSet<String> actions = new TreeSet<>();
        for (JsonNode policy : roleProperties.get("Policies")) {
            for (JsonNode s : policy.at("/PolicyDocument/Statement")) {
                if (s.path("Sid").asText().equals(sid)) {
                    s.get("Action").forEach(a -> actions.add(a.asText()));
                }
            }
        }
        return actions;
    }

    @Test
    void theEcsExampleRunsServeWithBothPortsAndOnlyDocumentedRiposteKeys() throws IOException {
        JsonNode container = read(Path.of("deploy/ecs/task-definition.json")).at("/containerDefinitions/0");
        assertThat(container.get("command")).extracting(JsonNode::asText).containsExactly("serve");
        assertThat(container.get("portMappings"))
                .extracting(p -> p.get("containerPort").asInt())
                .containsExactlyInAnyOrder(8080, 9000);
        Set<String> documented = ConfigurationReferenceTest.readmeRows().keySet().stream()
                .map(k -> k.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'))
                .collect(Collectors.toSet());
        List<String> env = new ArrayList<>();
        container.get("environment").forEach(e -> env.add(e.get("name").asText()));
        assertThat(env.stream().filter(n -> n.startsWith("RIPOSTE_")))
                .isNotEmpty()
                .allSatisfy(n -> assertThat(documented)
                        .as(n + " is a key of README's configuration table")
                        .contains(n));
        assertThat(env).contains("MP_MESSAGING_INCOMING_EVENTS_QUEUE_URL");
        assertThat(read(Path.of("deploy/ecs/service.json")).get("desiredCount").asInt())
                .as("DeploymentFleetTest")
                .isEqualTo(2);
    }

    /** Every Ref, GetAtt, Sub variable and Fn::If condition that names nothing the template declares. */
    static List<String> referenceProblems(JsonNode template) {
        Set<String> resources = names(template.get("Resources"));
        Set<String> parameters = names(template.get("Parameters"));
        Set<String> conditions = names(template.get("Conditions"));
        List<String> problems = new ArrayList<>();
        walk(template, resources, parameters, conditions, problems);
        template.path("Resources").forEach(r -> {
            if (r.has("Condition") && !conditions.contains(r.get("Condition").asText())) {
                problems.add("Condition " + r.get("Condition").asText());
            }
            assertThat(r.path("Type").asText()).as("resource type").matches("AWS::[A-Za-z0-9]+::[A-Za-z0-9]+");
        });
        return problems;
    }

    private static Set<String> names(JsonNode section) {
        Set<String> names = new TreeSet<>();
        if (section != null) {
            section.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    private static void walk(
            JsonNode node,
            Set<String> resources,
            Set<String> parameters,
            Set<String> conditions,
            List<String> problems) {
        if (node instanceof ArrayNode) {
            node.forEach(n -> walk(n, resources, parameters, conditions, problems));
            return;
        }
        if (!(node instanceof ObjectNode obj)) {
            return;
        }
        if (obj.size() == 1 && obj.has("Ref")) {
            String name = obj.get("Ref").asText();
            if (!resources.contains(name) && !parameters.contains(name) && !PSEUDO.contains(name)) {
                problems.add("Ref " + name);
            }
            return;
        }
        if (obj.size() == 1 && obj.has("Fn::GetAtt")) {
            JsonNode g = obj.get("Fn::GetAtt");
            String name = g.isArray() ? g.get(0).asText() : g.asText().split("\\.", 2)[0];
            if (!resources.contains(name)) {
                problems.add("GetAtt " + name);
            }
            return;
        }
        if (obj.size() == 1 && obj.has("Fn::Sub")) {
            JsonNode sub = obj.get("Fn::Sub");
            String text = sub.isArray() ? sub.get(0).asText() : sub.asText();
            Set<String> locals = new TreeSet<>();
            if (sub.isArray() && sub.size() > 1) {
                sub.get(1).fieldNames().forEachRemaining(locals::add);
                walk(sub.get(1), resources, parameters, conditions, problems);
            }
            Matcher m = SUB_VARIABLE.matcher(text);
            while (m.find()) {
                String name = m.group(1).split("\\.", 2)[0];
                if (!locals.contains(name)
                        && !resources.contains(name)
                        && !parameters.contains(name)
                        && !PSEUDO.contains(m.group(1))) {
                    problems.add("Sub ${" + m.group(1) + "}");
                }
            }
            return;
        }
        if (obj.size() == 1 && obj.has("Fn::If")) {
            String condition = obj.get("Fn::If").get(0).asText();
            if (!conditions.contains(condition)) {
                problems.add("Fn::If condition " + condition);
            }
        }
        obj.fields().forEachRemaining(e -> walk(e.getValue(), resources, parameters, conditions, problems));
    }
}
