package dev.riposte;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/ runs Riposte as a fleet: two tasks in two AZs with rolling deploys that never go below two running tasks, the
 * DynamoDB backend in the task, its table (on demand, TTL on {@code expiry}, point-in-time recovery), and a task role
 * that grants exactly the DynamoDB calls the code makes (read from the sources, so a new call without its grant fails here).
 */
class DeploymentFleetTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** SDK client methods and transaction parts, by the IAM action that authorizes them (a transaction: its parts). */
    static final Map<Pattern, String> CALLS = new HashMap<>();

    static {
        for (String op : new String[] {
            "getItem",
            "putItem",
            "updateItem",
            "deleteItem",
            "query",
            "scan",
            "batchGetItem",
            "batchWriteItem",
            "describeTable"
        }) {
            CALLS.put(
                    Pattern.compile("\\." + op + "(Paginator)?\\("),
                    "dynamodb:" + Character.toUpperCase(op.charAt(0)) + op.substring(1));
        }
        CALLS.put(
                Pattern.compile("\\bConditionCheck\\.builder\\(\\)|\\.conditionCheck\\("),
                "dynamodb:ConditionCheckItem");
        CALLS.put(Pattern.compile("\\bPut\\.builder\\(\\)"), "dynamodb:PutItem");
        CALLS.put(Pattern.compile("\\bUpdate\\.builder\\(\\)"), "dynamodb:UpdateItem");
        CALLS.put(Pattern.compile("\\bDelete\\.builder\\(\\)"), "dynamodb:DeleteItem");
        CALLS.put(Pattern.compile("\\.transactGetItems\\("), "dynamodb:GetItem");
    }

    static JsonNode read(String path) throws IOException {
        return JSON.readTree(Files.readString(Path.of(path)));
    }

    /** The IAM actions the DynamoDB calls in src/main need, on the journal table ({@code journal}) or on the state table. */
    static Set<String> actionsTheCodeNeeds(boolean journal) throws IOException {
        Set<String> needed = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                if (!text.contains("software.amazon.awssdk.services.dynamodb")
                        || f.getFileName().toString().contains("Journal") != journal) {
                    continue;
                }
                CALLS.forEach((call, action) -> {
                    Matcher m = call.matcher(text);
                    if (m.find()) {
                        needed.add(action);
                    }
                });
            }
        }
        return needed;
    }

    /** The DynamoDB actions the task role grants on {@code table} (a resource of the stack). */
    static Set<String> granted(String table) throws IOException {
        Set<String> granted = new TreeSet<>();
        for (JsonNode st : read("deploy/cloudformation/riposte.json")
                .at("/Resources/RiposteRole/Properties/Policies/0/PolicyDocument/Statement")) {
            JsonNode actions = st.get("Action").isArray()
                    ? st.get("Action")
                    : JSON.createArrayNode().add(st.get("Action"));
            for (JsonNode a : actions) {
                if (a.asText().startsWith("dynamodb:")) {
                    assertThat(st.at("/Resource/Fn::GetAtt/0").asText())
                            .as(a.asText() + " on one of the stack's tables only")
                            .isIn("StateTable", "JournalTable");
                    if (st.at("/Resource/Fn::GetAtt/0").asText().equals(table)) {
                        granted.add(a.asText());
                    }
                }
            }
        }
        return granted;
    }

    @Test
    void twoTasksInTwoAzsWithRollingDeploysThatKeepBothRunning() throws IOException {
        JsonNode service = read("deploy/ecs/service.json");
        assertThat(service.get("desiredCount").asInt()).isEqualTo(2);
        assertThat(service.at("/deploymentConfiguration/minimumHealthyPercent").asInt())
                .isEqualTo(100);
        assertThat(service.at("/deploymentConfiguration/maximumPercent").asInt())
                .isEqualTo(200);
        assertThat(service.at("/networkConfiguration/awsvpcConfiguration/subnets"))
                .as("one subnet in each of two AZs")
                .hasSize(2);
        Map<String, String> env = new HashMap<>();
        read("deploy/ecs/task-definition.json")
                .at("/containerDefinitions/0/environment")
                .forEach(e -> env.put(e.get("name").asText(), e.get("value").asText()));
        assertThat(env)
                .containsEntry("RIPOSTE_STATE_BACKEND", "dynamodb")
                .containsEntry("RIPOSTE_STATE_DYNAMODB_TABLE", "riposte-state");
        assertThat(env.get("RIPOSTE_AUDIT_FILE"))
                .as("each task its own audit file on the shared volume")
                .contains("${HOSTNAME}");
    }

    @Test
    void theStackCreatesTheStateTableOnDemandWithTtlAndPointInTimeRecovery() throws IOException {
        JsonNode stack = read("deploy/cloudformation/riposte.json");
        JsonNode table = stack.at("/Resources/StateTable");
        assertThat(table.get("Type").asText()).isEqualTo("AWS::DynamoDB::Table");
        assertThat(table.get("DeletionPolicy").asText())
                .as("the idempotency records outlive the stack")
                .isEqualTo("Retain");
        JsonNode p = table.get("Properties");
        assertThat(p.get("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
        assertThat(p.at("/KeySchema/0/AttributeName").asText()).isEqualTo("id");
        assertThat(p.at("/AttributeDefinitions/0/AttributeType").asText()).isEqualTo("S");
        assertThat(p.at("/TimeToLiveSpecification/AttributeName").asText()).isEqualTo("expiry");
        assertThat(p.at("/TimeToLiveSpecification/Enabled").asBoolean()).isTrue();
        assertThat(p.at("/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled")
                        .asBoolean())
                .isTrue();
        assertThat(stack.at("/Parameters/StateTableName/Default").asText()).isEqualTo("riposte-state");
    }

    @Test
    void theTaskRoleGrantsExactlyTheDynamoDbCallsTheCodeMakesOnItsTables() throws IOException {
        Set<String> state = actionsTheCodeNeeds(false);
        assertThat(state)
                .as("what the sources call today")
                .contains(
                        "dynamodb:GetItem",
                        "dynamodb:PutItem",
                        "dynamodb:UpdateItem",
                        "dynamodb:DeleteItem",
                        "dynamodb:ConditionCheckItem");
        assertThat(granted("StateTable"))
                .as("granted = called (a new DynamoDB call needs its grant in deploy/cloudformation/riposte.json)")
                .isEqualTo(state);
        assertThat(granted("JournalTable"))
                .as("the journal's calls")
                .isEqualTo(actionsTheCodeNeeds(true))
                .contains("dynamodb:Query");
    }

    @Test
    void theJournalTableIsTheOneTheCodeDefaultsToWithItsKeys() throws IOException {
        JsonNode p = read("deploy/cloudformation/riposte.json").at("/Resources/JournalTable/Properties");
        assertThat(p.at("/TableName/Fn::Sub").asText()).isEqualTo("${StateTableName}-journal");
        assertThat(p.get("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
        assertThat(p.at("/KeySchema/0/AttributeName").asText()).isEqualTo("stream");
        assertThat(p.at("/KeySchema/1/AttributeName").asText()).isEqualTo("seq");
        assertThat(p.at("/TimeToLiveSpecification/AttributeName").asText()).isEqualTo("expiry");
        assertThat(p.at("/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled")
                        .asBoolean())
                .isTrue();
    }
}
