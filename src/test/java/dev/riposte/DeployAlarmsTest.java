package dev.riposte;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Issue 18.11: the alarm and forwarding templates fit the riposte stack, the ECS task and what Riposte logs. */
class DeployAlarmsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path TEMPLATES = Path.of("deploy/cloudformation");

    static JsonNode read(String name) throws IOException {
        return JSON.readTree(Files.readString(TEMPLATES.resolve(name)));
    }

    @Test
    void theTemplatesReferenceOnlyWhatTheyDeclare() throws IOException {
        for (String t : new String[] {"riposte-alarms.json", "riposte-forwarding.json", "riposte-bus-policy.json"}) {
            assertThat(DeploymentKitTest.referenceProblems(read(t))).as(t).isEmpty();
        }
    }

    @Test
    void theDeadLetterQueueAlarmWatchesTheStacksDeadLetterQueue() throws IOException {
        JsonNode alarms = read("riposte-alarms.json");
        JsonNode stack = read("riposte.json");
        assertThat(alarms.at("/Parameters/QueueName/Default")).isEqualTo(stack.at("/Parameters/QueueName/Default"));
        assertThat(stack.at("/Resources/DeadLetterQueue/Properties/QueueName/Fn::Sub")
                        .asText())
                .isEqualTo("${QueueName}-dlq");
        JsonNode dlq = alarms.at("/Resources/DeadLetterQueueAlarm/Properties");
        assertThat(dlq.get("Namespace").asText()).isEqualTo("AWS/SQS");
        assertThat(dlq.get("MetricName").asText()).isEqualTo("ApproximateNumberOfMessagesVisible");
        assertThat(dlq.at("/Dimensions/0/Value/Fn::Sub").asText()).isEqualTo("${QueueName}-dlq");
        assertThat(dlq.get("Threshold").asInt()).isEqualTo(1);
    }

    @Test
    void theBreakerAlarmMatchesWhatRiposteLogsInTheTasksLogGroup() throws IOException {
        JsonNode alarms = read("riposte-alarms.json");
        JsonNode task = JSON.readTree(Files.readString(Path.of("deploy/ecs/task-definition.json")));
        assertThat(alarms.at("/Parameters/LogGroupName/Default").asText())
                .isEqualTo(task.at("/containerDefinitions/0/logConfiguration/options/awslogs-group")
                        .asText());
        String pattern = alarms.at("/Resources/BreakerOpenedFilter/Properties/FilterPattern")
                .asText();
        assertThat(pattern).startsWith("{ $.message = \"*").endsWith("*\" }");
        String text = pattern.substring(pattern.indexOf("*") + 1, pattern.lastIndexOf("*"));
        // the alert's text as the breaker writes it (guard.Breaker), in the JSON log's message field
        assertThat(Files.readString(Path.of("src/main/java/dev/riposte/guard/Breaker.java")))
                .contains(text);
        JsonNode alarm = alarms.at("/Resources/BreakerOpenAlarm/Properties");
        JsonNode metric = alarms.at("/Resources/BreakerOpenedFilter/Properties/MetricTransformations/0");
        assertThat(alarm.get("MetricName")).isEqualTo(metric.get("MetricName"));
        assertThat(alarm.get("Namespace")).isEqualTo(metric.get("MetricNamespace"));
    }

    @Test
    void theFailedDecisionsAlarmCountsTheWarnLinesOfFailedDecisionsInTheTasksLogGroup() throws IOException {
        JsonNode alarms = read("riposte-alarms.json");
        JsonNode filter = alarms.at("/Resources/FailedDecisionsFilter/Properties");
        assertThat(filter.at("/LogGroupName/Ref").asText()).isEqualTo("LogGroupName");
        LogFilterPattern pattern =
                LogFilterPattern.parse(filter.get("FilterPattern").asText());
        // the logger and the message's start as the sources write them (metrics.FailedDecisionLog; its test logs a
        // failed decision through it and matches the line, ObservabilityIT the packaged jar's JSON log)
        String source = Files.readString(Path.of("src/main/java/dev/riposte/metrics/FailedDecisionLog.java"));
        assertThat(source).contains("LOGGER = \"riposte.decisions\"").contains("PREFIX = \"decision failed: \"");
        assertThat(pattern.conditions())
                .extracting(LogFilterPattern.Condition::field)
                .containsExactlyInAnyOrder("loggerName", "message");
        JsonNode alarm = alarms.at("/Resources/FailedDecisionsAlarm/Properties");
        JsonNode metric = filter.at("/MetricTransformations/0");
        assertThat(alarm.get("MetricName")).isEqualTo(metric.get("MetricName"));
        assertThat(alarm.get("Namespace")).isEqualTo(metric.get("MetricNamespace"));
        assertThat(metric.get("MetricValue").asText()).isEqualTo("1");
        assertThat(alarm.get("Statistic").asText()).isEqualTo("Sum");
        assertThat(alarm.at("/Threshold/Ref").asText()).isEqualTo("FailedDecisionsThreshold");
        assertThat(alarms.at("/Parameters/FailedDecisionsThreshold/Default").asInt())
                .isEqualTo(1);
        assertThat(alarm.at("/AlarmActions/0/Ref").asText()).isEqualTo("AlarmTopicArn");
    }

    @Test
    void theLogFilterCheckReadsTheBreakerPatternAsCloudWatchDoes() throws IOException {
        LogFilterPattern breaker = LogFilterPattern.parse(read("riposte-alarms.json")
                .at("/Resources/BreakerOpenedFilter/Properties/FilterPattern")
                .asText());
        String opened = "{\"level\": \"ERROR\", \"message\": \"Riposte blast-radius breaker OPEN: 10 live mutations\"}";
        assertThat(breaker.matches(JSON.readTree(opened))).isTrue();
        assertThat(breaker.matches(JSON.readTree("{\"message\": \"blast-radius breaker reset by api:alice\"}")))
                .isFalse();
    }

    @Test
    void forwardingSendsWhatTheStacksRulesListenForToTheToolingBus() throws IOException {
        JsonNode forward = read("riposte-forwarding.json").at("/Resources/ForwardSecurityEventsRule/Properties");
        assertThat(forward.at("/Targets/0/Arn/Fn::Sub").asText())
                .isEqualTo("arn:${AWS::Partition}:events:${ToolingRegion}:${ToolingAccountId}:event-bus/default");
        Set<String> forwarded = new TreeSet<>();
        forward.at("/EventPattern/source").forEach(s -> forwarded.add(s.asText()));
        forward.at("/EventPattern/detail-type").forEach(s -> forwarded.add(s.asText()));
        Set<String> listened = new TreeSet<>();
        read("riposte.json").get("Resources").forEach(r -> {
            if (r.path("Type").asText().equals("AWS::Events::Rule")) {
                r.at("/Properties/EventPattern/source").forEach(s -> listened.add(s.asText()));
                r.at("/Properties/EventPattern/detail-type").forEach(s -> listened.add(s.asText()));
            }
        });
        assertThat(listened).isNotEmpty();
        assertThat(forwarded).containsAll(listened);
        JsonNode policy = read("riposte-bus-policy.json").at("/Resources/OrganizationPutEvents/Properties/Statement");
        assertThat(policy.get("Action").asText()).isEqualTo("events:PutEvents");
        assertThat(policy.at("/Condition/StringEquals/aws:PrincipalOrgID/Ref").asText())
                .isEqualTo("OrganizationId");
    }
}
