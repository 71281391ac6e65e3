package dev.riposte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The responder role in deploy/cloudformation grants exactly what `riposte iam-policy` prints for the built-in
 * rules and playbooks (RiposteActions: the permissions of every action the rules and the playbooks they start can
 * reach; RiposteReads: the exempt-tag check and the investigation steps), so the two cannot drift.
 * The IAM writes are narrowed (own statements, the account's users and roles, AWSDenyAll only): the templates carry
 * the same statements with {@code Fn::Sub} for partition and account.
 * When this fails: run `./riposte iam-policy --account 111122223333` and paste its statements into both templates.
 */
class DeploymentPolicyIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theResponderRoleGrantsExactlyWhatIamPolicyPrints() throws Exception {
        Riposte.Run run = Riposte.run("iam-policy", "--account", ACCOUNT);
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode policy = JSON.readTree(run.out());
        List<String> sids = new ArrayList<>();
        policy.get("Statement").forEach(s -> sids.add(s.get("Sid").asText()));
        assertThat(sids).contains("RiposteActions", "RiposteReads", "RiposteAttachDenyAllOnly");
        for (String template : new String[] {"riposte.json", "riposte-responder.json"}) {
            JsonNode role = JSON.readTree(Files.readString(Path.of("deploy/cloudformation", template)))
                    .at("/Resources/ResponderRole/Properties");
            List<JsonNode> granted = new ArrayList<>();
            role.get("Policies").forEach(p -> p.at("/PolicyDocument/Statement").forEach(granted::add));
            assertThat(granted)
                    .extracting(s -> s.get("Sid").asText())
                    .as(template)
                    .containsExactlyInAnyOrderElementsOf(sids);
            for (String sid : sids) {
                JsonNode printed = statement(policy.get("Statement"), sid);
                JsonNode deployed = statement(JSON.valueToTree(granted), sid);
                assertThat(actions(deployed))
                        .as(template + " ResponderRole " + sid + " vs `riposte iam-policy`")
                        .isEqualTo(actions(printed));
                assertThat(resolve(deployed.get("Resource")))
                        .as(template + " " + sid + " Resource")
                        .isEqualTo(printed.get("Resource"));
                assertThat(resolve(deployed.path("Condition")))
                        .as(template + " " + sid + " Condition")
                        .isEqualTo(printed.path("Condition"));
            }
        }
    }

    @Test
    void attachingIsLimitedToAwsDenyAllAndTheAccountsUsersAndRoles() throws Exception {
        JsonNode policy =
                JSON.readTree(Riposte.run("iam-policy", "--account", ACCOUNT).out());
        JsonNode attach = statement(policy.get("Statement"), "RiposteAttachDenyAllOnly");
        assertThat(actions(attach)).containsExactly("iam:AttachRolePolicy", "iam:AttachUserPolicy");
        assertThat(attach.at("/Condition/ArnEquals/iam:PolicyARN").asText())
                .isEqualTo("arn:aws:iam::aws:policy/AWSDenyAll");
        assertThat(attach.get("Resource"))
                .extracting(JsonNode::asText)
                .containsExactly("arn:aws:iam::" + ACCOUNT + ":user/*", "arn:aws:iam::" + ACCOUNT + ":role/*");
        assertThat(statement(policy.get("Statement"), "RiposteRevokeRoleSessions")
                        .get("Resource")
                        .asText())
                .isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/*");
        for (JsonNode s : policy.get("Statement")) {
            if (s.get("Resource").isTextual() && s.get("Resource").asText().equals("*")) {
                assertThat(actions(s))
                        .as(s.get("Sid").asText() + " on *")
                        .doesNotContain(
                                "iam:AttachRolePolicy",
                                "iam:AttachUserPolicy",
                                "iam:PutRolePolicy",
                                "iam:UpdateAccessKey");
            }
        }
        Riposte.Run bad = Riposte.run("iam-policy", "--account", "12345");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("12-digit");
    }

    static final String ACCOUNT = "111122223333";

    static JsonNode statement(JsonNode statements, String sid) {
        for (JsonNode s : statements) {
            if (s.path("Sid").asText().equals(sid)) {
                return s;
            }
        }
        throw new AssertionError("no statement " + sid);
    }

    /** A template's value with every {@code Fn::Sub} resolved for partition aws and account {@link #ACCOUNT}. */
    static JsonNode resolve(JsonNode node) {
        if (node.isObject() && node.has("Fn::Sub")) {
            return JSON.getNodeFactory()
                    .textNode(node.get("Fn::Sub")
                            .asText()
                            .replace("${AWS::Partition}", "aws")
                            .replace("${AWS::AccountId}", ACCOUNT));
        }
        if (node.isArray()) {
            var out = JSON.createArrayNode();
            node.forEach(n -> out.add(resolve(n)));
            return out;
        }
        if (node.isObject()) {
            var out = JSON.createObjectNode();
            node.fields().forEachRemaining(e -> out.set(e.getKey(), resolve(e.getValue())));
            return out;
        }
        return node;
    }

    static SortedSet<String> actions(JsonNode statement) {
        assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
        SortedSet<String> actions = new TreeSet<>();
        statement.get("Action").forEach(a -> actions.add(a.asText()));
        return actions;
    }
}
