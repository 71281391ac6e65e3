package dev.riposte.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.source.file.EventFiles;
import dev.riposte.source.file.RawInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events nobody on the team wrote (src/test/resources/realworld/, sources and licences in its README):
 * CloudTrail records from Stratus Red Team detonations, AWS documentation examples and GuardDuty sample
 * findings. At least 99% must normalize, and a hand-checked selection must carry the right type,
 * account, region, principal and resources.
 */
@SuppressWarnings("unchecked")
class RealWorldCorpusTest {
    static final Path CORPUS = Path.of("src/test/resources/realworld");
    private static final Map<String, SecurityEvent> BY_ID = new HashMap<>();
    private static final List<String> REJECTED = new ArrayList<>();
    /** The facts of each input (by origin, in input order), as the fields the expected file holds. */
    private static final Map<String, List<Map<String, Object>>> FIELDS = new LinkedHashMap<>();

    static final Path EXPECTED = Path.of("src/test/resources/realworld-expected.jsonl");
    static final Path FRAGMENTS = Path.of("src/test/resources/realworld-fragments");
    private static int inputs;

    @BeforeAll
    static void normalizeAll() throws Exception {
        Normalizer normalizer = new Normalizer();
        try (Stream<RawInput> in = EventFiles.read(List.of(CORPUS))) {
            for (RawInput r : (Iterable<RawInput>) in::iterator) {
                inputs++;
                if (r.error() != null) {
                    REJECTED.add(r.origin() + ": " + r.error());
                    continue;
                }
                try {
                    List<Map<String, Object>> facts = new ArrayList<>();
                    for (Normalized n : normalizer.normalize(r.json())) {
                        BY_ID.put(n.event().id(), n.event());
                        facts.add(fields(n.event()));
                    }
                    // records of a compact log file share one origin (file:1): the second is file:1#2, and so on
                    String key = r.origin().replace('\\', '/');
                    for (int k = 2; FIELDS.containsKey(key); k++) {
                        key = r.origin().replace('\\', '/') + "#" + k;
                    }
                    FIELDS.put(key, facts);
                } catch (RejectedInputException e) {
                    REJECTED.add(r.origin() + ": " + e.getMessage());
                }
            }
        }
    }

    @Test
    void atLeast99PercentNormalize() {
        double rate = 100.0 * (inputs - REJECTED.size()) / inputs;
        System.out.printf(
                "real-world corpus: %d of %d inputs normalized (%.1f%%)%n", inputs - REJECTED.size(), inputs, rate);
        REJECTED.forEach(r -> System.out.println("  rejected " + r));
        assertThat(inputs).isGreaterThanOrEqualTo(50);
        assertThat(rate).as("rejected: " + REJECTED).isGreaterThanOrEqualTo(99.0);
    }

    /** source, type, account, region, principal (its ARN, else type:name) and resources ("type id") of a fact. */
    static Map<String, Object> fields(SecurityEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", e.source());
        m.put("type", e.type());
        m.put("account", e.account());
        m.put("region", e.region());
        m.put(
                "principal",
                e.principal() == null
                        ? null
                        : e.principal().arn() != null
                                ? e.principal().arn()
                                : e.principal().type() + ":" + e.principal().name());
        m.put(
                "resources",
                e.resources().stream().map(r -> r.type() + " " + r.id()).toList());
        return m;
    }

    /**
     * Every fact's source, type, account, region, principal and resources against src/test/resources/realworld-expected.jsonl
     * (one line per input: {"input": origin, "facts": [...]}), reviewed by hand: at least 97% of facts have all six right.
     * After a deliberate change: {@code -Drealworld.expected.update=true}, then review the diff.
     */
    @Test
    void atLeast97PercentOfFactsHaveSourceTypeAccountRegionPrincipalAndResourcesRight() throws Exception {
        ObjectMapper json = new ObjectMapper();
        if (Boolean.getBoolean("realworld.expected.update")) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, List<Map<String, Object>>> e : FIELDS.entrySet()) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("input", e.getKey());
                line.put("facts", e.getValue());
                sb.append(json.writeValueAsString(line)).append('\n');
            }
            Files.writeString(EXPECTED, sb.toString());
        }
        Map<String, List<Object>> expected = new HashMap<>();
        for (String line : Files.readAllLines(EXPECTED)) {
            if (!line.isBlank()) {
                Map<?, ?> m = json.readValue(line, Map.class);
                expected.put((String) m.get("input"), (List<Object>) m.get("facts"));
            }
        }
        String[] names = {"source", "type", "account", "region", "principal", "resources"};
        int[] fieldRight = new int[names.length];
        int facts = 0;
        int right = 0;
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, List<Object>> e : expected.entrySet()) {
            List<Map<String, Object>> actual = FIELDS.getOrDefault(e.getKey(), List.of());
            for (int i = 0; i < e.getValue().size(); i++) {
                Map<?, ?> want = (Map<?, ?>) e.getValue().get(i);
                Map<String, Object> got = i < actual.size() ? actual.get(i) : Map.of();
                facts++;
                boolean all = true;
                for (int f = 0; f < names.length; f++) {
                    if (Objects.equals(want.get(names[f]), got.get(names[f]))) {
                        fieldRight[f]++;
                    } else {
                        all = false;
                        wrong.add(e.getKey() + " #" + i + " " + names[f] + ": expected " + want.get(names[f]) + ", got "
                                + got.get(names[f]));
                    }
                }
                right += all ? 1 : 0;
            }
        }
        double rate = facts == 0 ? 0 : 100.0 * right / facts;
        System.out.printf(
                "real-world corpus: %d of %d facts with source, type, account, region, principal and resources right (%.1f%%)%n",
                right, facts, rate);
        for (int f = 0; f < names.length; f++) {
            System.out.printf("  %-9s %d of %d right%n", names[f], fieldRight[f], facts);
        }
        wrong.forEach(w -> System.out.println("  wrong " + w));
        assertThat(facts).as("expected facts").isGreaterThanOrEqualTo(400);
        assertThat(expected.keySet()).as("every input has expectations").containsAll(FIELDS.keySet());
        assertThat(rate).as("wrong: " + wrong).isGreaterThanOrEqualTo(97.0);
    }

    /** Panther test logs without any event time are not events: each is rejected with a reason that names the time. */
    @Test
    void fragmentsWithoutAnEventTimeAreRejectedNamingIt() throws Exception {
        Normalizer normalizer = new Normalizer();
        int n = 0;
        try (Stream<RawInput> in = EventFiles.read(List.of(FRAGMENTS))) {
            for (RawInput r : (Iterable<RawInput>) in::iterator) {
                n++;
                assertThat(Assertions.catchThrowable(() -> normalizer.normalize(r.json())))
                        .as(r.origin())
                        .isInstanceOf(RejectedInputException.class)
                        .hasMessageMatching(
                                "CloudTrail record without eventTime|eventTime is not an ISO-8601 time: .*");
            }
        }
        assertThat(n).isEqualTo(16);
    }

    private static SecurityEvent event(String id) {
        assertThat(BY_ID).as("event " + id + " normalized").containsKey(id);
        return BY_ID.get(id);
    }

    private static List<String> resources(SecurityEvent e) {
        return e.resources().stream()
                .map(r -> r.type() + " " + r.id() + " " + r.account() + " " + r.region())
                .toList();
    }

    @Test
    void stratusStopLogging() {
        SecurityEvent e = event("10163ed2-2253-469d-a5ee-cbc6651f8934");
        assertThat(e.source()).isEqualTo("cloudtrail");
        assertThat(e.type()).isEqualTo("StopLogging");
        assertThat(e.account()).isEqualTo("143434273843");
        assertThat(e.region()).isEqualTo("apiso-centralnorth-2r");
        assertThat(e.principal().arn()).isEqualTo("arn:aws:iam::143434273843:user/christophe");
        assertThat(e.principal().type()).isEqualTo("IAMUser");
        assertThat(e.principal().accessKeyId()).isEqualTo("AKIAGGWFBBHBE7D3M9WI");
        assertThat(e.principal().sourceIp()).isEqualTo("86.245.153.234");
        assertThat(resources(e))
                .containsExactly(
                        "AWS::CloudTrail::Trail stratus-red-team-ct-stop-trail-buykxbqejv 143434273843 apiso-centralnorth-2r");
        assertThat(e.outcome()).isEqualTo("success");
    }

    @Test
    void stratusSecurityGroupOpenedOnSsh() {
        SecurityEvent e = event("9fd68588-ecbf-4528-a345-199fa6bb0821");
        assertThat(e.type()).isEqualTo("AuthorizeSecurityGroupIngress");
        assertThat(e.account()).isEqualTo("032092706103");
        assertThat(e.region()).isEqualTo("us-northeast-1r");
        assertThat(e.principal().name()).isEqualTo("christophe");
        assertThat(resources(e))
                .containsExactly("AWS::EC2::SecurityGroup sg-003dc7f1f1c686164 032092706103 us-northeast-1r");
        assertThat(e.resources().get(0).arn())
                .isEqualTo("arn:aws:ec2:us-northeast-1r:032092706103:security-group/sg-003dc7f1f1c686164");
    }

    @Test
    void stratusBackdoorAccessKeyForAnotherUser() {
        SecurityEvent e = event("c64c4ded-ef03-4e5c-81eb-153b118d72f2");
        assertThat(e.type()).isEqualTo("CreateAccessKey");
        assertThat(e.principal().arn()).isEqualTo("arn:aws:iam::946986569305:user/christophe");
        assertThat(resources(e))
                .containsExactlyInAnyOrder(
                        "AWS::IAM::AccessKey AKIAL80DWDVKKM0UXEER 946986569305 null",
                        "AWS::IAM::User stratus-red-team-backdoor-u-user 946986569305 null");
    }

    @Test
    void stratusStolenInstanceCredentialsUsedByTheInstanceRole() {
        SecurityEvent e = event("b379479b-05c9-4c3c-af4b-cbd43acf29e1");
        assertThat(e.type()).isEqualTo("GetCallerIdentity");
        assertThat(e.account()).isEqualTo("017622104382");
        assertThat(e.region()).isEqualTo("us-north-2r");
        assertThat(e.principal().type()).isEqualTo("AssumedRole");
        assertThat(e.principal().arn())
                .isEqualTo(
                        "arn:aws:sts::017622104382:assumed-role/stratus-red-team-ec2-steal-credentials-role/i-786a3A8B5C0d92eF4");
        assertThat(e.principal().name()).isEqualTo("stratus-red-team-ec2-steal-credentials-role");
        assertThat(e.principal().accessKeyId()).isEqualTo("ASIAP5CT9NN8EYVU1FXV");
        assertThat(e.resources()).isEmpty();
    }

    @Test
    void stratusLeaveOrganizationDenied() {
        SecurityEvent e = event("16903cbd-fdff-4818-82f2-d66ad09aaf57");
        assertThat(e.type()).isEqualTo("LeaveOrganization");
        assertThat(e.outcome()).isEqualTo("failure");
        assertThat(e.principal().type()).isEqualTo("AssumedRole");
        assertThat(resources(e)).containsExactly("AWS::::Account 307578594326 307578594326 null");
    }

    @Test
    void stratusSnapshotSharedWithAnotherAccount() {
        SecurityEvent e = event("6897ff63-d738-445c-9e86-43e5b1f8e12f");
        assertThat(e.type()).isEqualTo("ModifySnapshotAttribute");
        assertThat(resources(e))
                .containsExactly("AWS::EC2::Snapshot snap-041993b54a9b3af6f 756680937392 me-central-3r");
        SecurityEvent rds = event("fef2bf02-bbea-4d0f-a91c-e6ccfe3fba46");
        assertThat(resources(rds)).containsExactly("AWS::RDS::DBSnapshot exfiltration 171471557522 meiso-eastwest-2r");
    }

    @Test
    void stratusFlowLogsDeletedInTheXmlShapedRequest() {
        SecurityEvent e = event("ded2f5af-f3a5-46d2-a170-a23206a32c36");
        assertThat(e.type()).isEqualTo("DeleteFlowLogs");
        assertThat(resources(e)).containsExactly("AWS::EC2::FlowLog fl-0e17aa62a21d4bbfe 498376118699 megov-south-1r");
    }

    @Test
    void stratusSecretsRetrieved() {
        SecurityEvent e = event("bd52f504-dd75-46cb-a14e-e447612ea736");
        assertThat(e.type()).isEqualTo("GetSecretValue");
        assertThat(e.region()).isEqualTo("cn-centraleast-1r");
        assertThat(resources(e))
                .containsExactly(
                        "AWS::SecretsManager::Secret stratus-red-team-retrieve-secret-0-28bajb 903144391865 cn-centraleast-1r");
        assertThat(e.resources().get(0).arn())
                .isEqualTo(
                        "arn:aws:secretsmanager:cn-centraleast-1r:903144391865:secret:stratus-red-team-retrieve-secret-0-28bajb");
    }

    @Test
    void awsDocsRecordWithoutEventIdGetsAStableId() throws Exception {
        List<SecurityEvent> created = BY_ID.values().stream()
                .filter(e -> e.type().equals("CreateUser") && "123456789012".equals(e.account()))
                .toList();
        assertThat(created).hasSize(1);
        SecurityEvent e = created.get(0);
        assertThat(e.id()).startsWith("cloudtrail-");
        assertThat(e.region()).isEqualTo("us-east-2");
        assertThat(e.principal().arn()).isEqualTo("arn:aws:iam::123456789012:user/Alice");
        assertThat(resources(e)).containsExactly("AWS::IAM::User Bob 123456789012 null");
    }

    @Test
    void guardDutyGeneratedSampleFindings() {
        SecurityEvent ec2 = event("16afba5c5c43e07c9e3e5e2e544e95df");
        assertThat(ec2.source()).isEqualTo("guardduty");
        assertThat(ec2.type()).isEqualTo("Canary:EC2/Stateless.IntegTest");
        assertThat(ec2.account()).isEqualTo("123456789012");
        assertThat(ec2.region()).isEqualTo("us-east-1");
        assertThat(ec2.severity()).isEqualTo(5.0);
        assertThat(ec2.principal().sourceIp()).isEqualTo("0.0.0.0");
        assertThat(resources(ec2))
                .containsExactly(
                        "AWS::EC2::Instance i-05746eb48123455e0 123456789012 us-east-1",
                        "AWS::EC2::SecurityGroup sg-9918a123 123456789012 us-east-1");
        assertThat(ec2.resources().get(0).tags()).containsEntry("Name", "ssh-22-open");

        SecurityEvent iam = event("30bf285e52a1e405084ff6ec28e06e17");
        assertThat(iam.type()).isEqualTo("Recon:IAMUser/MaliciousIPCaller.Custom");
        assertThat(iam.principal().type()).isEqualTo("IAMUser");
        assertThat(iam.principal().name()).isEqualTo("GeneratedFindingUserName");
        assertThat(iam.principal().sourceIp()).isEqualTo("198.51.100.0");
        assertThat(iam.resources()).extracting(Resource::type).contains("AWS::IAM::AccessKey", "AWS::IAM::User");

        SecurityEvent s3 = event("2cbf285e52a6e74ff96f4cb3cf93296d");
        assertThat(resources(s3)).contains("AWS::S3::Bucket bucketName 123456789012 us-east-1");
    }
}
