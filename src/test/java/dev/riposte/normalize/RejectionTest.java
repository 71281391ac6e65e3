package dev.riposte.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input is rejected with a one-line reason; nothing else ever escapes the normalizer. */
class RejectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Normalizer normalizer = new Normalizer();

    private String reason(String json) {
        Throwable t = catchThrowable(() -> normalizer.normalize(json));
        assertThat(t).isInstanceOf(RejectedInputException.class);
        String r = t.getMessage();
        assertThat(r).isNotBlank().doesNotContain("\n").doesNotStartWith("internal error");
        return r;
    }

    @Test
    void notJsonNamesThePosition() {
        assertThat(reason("{x")).startsWith("not JSON: Unexpected character").endsWith("at line 1 column 2");
        assertThat(reason("   ")).isEqualTo("not JSON: empty input");
    }

    @Test
    void unknownShape() {
        assertThat(reason("{\"hello\": \"world\"}"))
                .isEqualTo(
                        "unknown event shape: no detail-type (EventBridge), "
                                + "eventName (CloudTrail), Records, finding fields or \"source\": \"custom\" (keys: \"hello\")");
        assertThat(reason("42")).startsWith("unknown event shape: a number");
    }

    @Test
    void tooLargeTextIsRejectedBeforeParsing() {
        String big = "{\"detail-type\":\"x\",\"pad\":\"" + "a".repeat(300_000) + "\"}";
        assertThat(reason(big)).isEqualTo("too large: 300028 bytes > 262144");
    }

    @Test
    void tooLargeTreeIsRejected() throws Exception {
        ObjectNode n = JSON.createObjectNode();
        n.put("pad", "a".repeat(270_000));
        assertThatThrownBy(() -> normalizer.normalize(n))
                .isInstanceOf(RejectedInputException.class)
                .hasMessageStartingWith("too large: ");
    }

    @Test
    void tooDeepIsRejectedInTextAndTree() throws Exception {
        String deep = "[".repeat(65) + "]".repeat(65);
        assertThat(reason(deep)).isEqualTo("too deeply nested: depth > 64");
        JsonNode tree = JSON.readTree("[".repeat(200) + "]".repeat(200));
        assertThatThrownBy(() -> normalizer.normalize(tree)).hasMessage("too deeply nested: depth > 64");
        // 64 levels is allowed by the depth rule (and then fails on shape instead)
        assertThat(reason("[".repeat(64) + "]".repeat(64)))
                .isEqualTo("element 0: unknown event shape: an array is not an event object");
    }

    @Test
    void guardDutyFindingWithoutId() throws Exception {
        ObjectNode env = (ObjectNode) fixture("guardduty-ec2-eventbridge");
        ((ObjectNode) env.get("detail")).remove("id");
        assertThat(reason(env.toString())).isEqualTo("GuardDuty finding without id");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "severity|\"high\"|detail.severity is not a number: \"high\"",
                "severity|42|GuardDuty severity out of range 0-10: 42.0",
                "resource|[]|detail.resource is an array, expected an object",
                "service|\"x\"|detail.service is a string, expected an object",
                "type|{}|detail.type is an object, expected a string",
                "updatedAt|\"yesterday\"|detail.service.eventLastSeen is not an ISO-8601 time: \"2024-05-01T12:00:00.000Z\""
            })
    void wrongTypesInGuardDutyFindingsGiveReasons(String field, String value, String expected) throws Exception {
        ObjectNode env = (ObjectNode) fixture("guardduty-ec2-eventbridge");
        ObjectNode detail = (ObjectNode) env.get("detail");
        detail.set(field, JSON.readTree(value));
        if (field.equals("updatedAt")) {
            ((ObjectNode) detail.get("service")).put("eventLastSeen", "yesterday");
            expected = "detail.service.eventLastSeen is not an ISO-8601 time: \"yesterday\"";
        }
        assertThat(reason(env.toString())).isEqualTo(expected);
    }

    @Test
    void wrongTypesInCloudTrailRecordsGiveReasons() throws Exception {
        ObjectNode env = (ObjectNode) fixture("cloudtrail-sg-ingress-ssh-world");
        ObjectNode perm = (ObjectNode) env.at("/detail/requestParameters/ipPermissions/items/0");
        perm.put("fromPort", "twenty-two");
        assertThat(reason(env.toString()))
                .isEqualTo("detail.requestParameters.ipPermissions.items[0].fromPort is not a number: \"twenty-two\"");
        perm.put("fromPort", 22);
        ((ObjectNode) env.get("detail")).putArray("userIdentity");
        assertThat(reason(env.toString())).isEqualTo("detail.userIdentity is an array, expected an object");
    }

    @Test
    void cloudTrailLogFileNamesTheBadRecord() throws Exception {
        ObjectNode file = (ObjectNode) fixture("cloudtrail-log-file-3-records");
        ((ObjectNode) file.get("Records").get(1)).remove("eventTime");
        assertThat(reason(file.toString())).isEqualTo("Records[1]: CloudTrail record without eventTime");
    }

    @Test
    void snsMessageThatIsNotJson() {
        assertThat(reason("{\"Type\":\"Notification\",\"MessageId\":\"m\",\"Message\":\"hello\"}"))
                .startsWith("SNS message: not JSON: Unrecognized token 'hello'");
    }

    @Test
    void forcedFormatThatDoesNotFit() throws Exception {
        Normalizer ct = Normalizer.forFormat("cloudtrail");
        JsonNode gd = fixture("guardduty-iam-access-key");
        assertThatThrownBy(() -> ct.normalize(gd))
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("CloudTrail record without eventName");
        assertThatThrownBy(() -> Normalizer.forFormat("xml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "guardduty, cloudtrail, securityhub, config, inspector, macie, accessanalyzer, health, custom");
    }

    /**
     * Mutation fuzzing over every golden input: truncations, deleted fields and fields replaced by
     * values of other kinds. Each mutant must normalize or be rejected with a reason, never throw
     * anything else, and never hit the internal-error safety net.
     */
    @Test
    void mutantsNormalizeOrAreRejectedWithAReason() throws Exception {
        Random random = new Random(20240501L);
        JsonNode[] replacements = {
            JSON.nullNode(),
            JSON.readTree("\"high\""),
            JSON.readTree("[]"),
            JSON.readTree("{}"),
            JSON.readTree("-1"),
            JSON.readTree("true"),
            JSON.readTree("[{\"a\":1}]"),
            JSON.readTree("1e309"),
            JSON.readTree("\"\"")
        };
        int normalized = 0;
        int rejected = 0;
        List<Path> cases;
        try (var s = Files.list(NormalizerGoldenTest.CASES)) {
            cases = s.sorted().toList();
        }
        for (Path c : cases) {
            String text = Files.readString(c.resolve("input.json"));
            for (int i = 0; i < 40; i++) {
                String cut = text.substring(0, random.nextInt(text.length()));
                try {
                    normalizer.normalize(cut);
                    normalized++;
                } catch (RejectedInputException e) {
                    if (e.getMessage().startsWith("internal error")) {
                        fail(c + " truncated at " + cut.length() + ": " + e.getMessage());
                    }
                    rejected++;
                }
            }
            for (int i = 0; i < 300; i++) {
                JsonNode tree = JSON.readTree(text);
                List<JsonNode> containers = new ArrayList<>();
                collect(tree, containers);
                JsonNode target = containers.get(random.nextInt(containers.size()));
                mutate(target, random, replacements);
                try {
                    normalizer.normalize(tree);
                    normalized++;
                } catch (RejectedInputException e) {
                    if (e.getMessage().startsWith("internal error")) {
                        fail(c + " mutant " + tree + ": " + e.getMessage());
                    }
                    rejected++;
                }
            }
        }
        assertThat(normalized).isPositive();
        assertThat(rejected).isPositive();
    }

    private static void collect(JsonNode n, List<JsonNode> out) {
        if (n.isContainerNode() && n.size() > 0) {
            out.add(n);
            n.forEach(c -> collect(c, out));
        }
    }

    private static void mutate(JsonNode target, Random random, JsonNode[] replacements) {
        JsonNode value = replacements[random.nextInt(replacements.length)];
        if (target instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            if (random.nextBoolean()) {
                o.remove(name);
            } else {
                o.set(name, value.deepCopy());
            }
        } else if (target instanceof ArrayNode a) {
            a.set(random.nextInt(a.size()), value.deepCopy());
        }
    }

    static JsonNode fixture(String name) throws Exception {
        return JSON.readTree(
                NormalizerGoldenTest.CASES.resolve(name).resolve("input.json").toFile());
    }
}
