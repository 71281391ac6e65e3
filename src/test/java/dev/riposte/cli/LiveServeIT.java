package dev.riposte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riposte.aws.client.AwsWire;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's end-to-end check on the packaged jar: {@code riposte serve} in live mode ({@code riposte.dry-run=false})
 * with every AWS client pointed at a local EC2 stand-in (WireMock answering as EC2 does). A GuardDuty finding about
 * an EC2 instance becomes exactly the isolation's EC2 calls, in order; the same event again, even after a restart,
 * sends no further mutation and is audited as {@code deduplicated}. Dummy credentials, no internet.
 */
class LiveServeIT {
    static final String NS = AwsWire.EC2_NS;
    static final String INSTANCE = "i-0fedcba9876543210"; // samples/guardduty/ec2-tor-client
    static final String ENI = "eni-0f1e2d3c4b5a69788";
    static final String VPC = "vpc-0a1b2c3d4e5f60001";
    static final String OLD_GROUP = "sg-0a1b2c3d4e5f60718";
    static final String QUARANTINE = "sg-0999999999999999a";

    @TempDir
    Path tmp;

    AwsWire ec2;
    ServeProcess serve;
    Path audit;

    @BeforeEach
    void setUp() throws Exception {
        ec2 = new AwsWire();
        ec2.ok(
                "DescribeTags",
                "<DescribeTagsResponse xmlns=\"" + NS + "\"><requestId>req-DescribeTags</requestId><tagSet/>"
                        + "</DescribeTagsResponse>");
        ec2.ok(
                "DescribeInstances",
                "<DescribeInstancesResponse xmlns=\"" + NS + "\"><requestId>req-DescribeInstances</requestId>"
                        + "<reservationSet><item><reservationId>r-0a1b2c3d4e5f60001</reservationId><ownerId>111122223333</ownerId>"
                        + "<instancesSet><item><instanceId>" + INSTANCE
                        + "</instanceId><imageId>ami-0a1b2c3d4e5f60001</imageId>"
                        + "<instanceState><code>16</code><name>running</name></instanceState><instanceType>t3.medium</instanceType>"
                        + "<vpcId>" + VPC + "</vpcId><groupSet><item><groupId>" + OLD_GROUP
                        + "</groupId><groupName>web</groupName></item></groupSet>"
                        + "<tagSet/><networkInterfaceSet><item><networkInterfaceId>" + ENI + "</networkInterfaceId>"
                        + "<subnetId>subnet-0123456789abcdef0</subnetId><vpcId>" + VPC
                        + "</vpcId><ownerId>111122223333</ownerId>"
                        + "<status>in-use</status><groupSet><item><groupId>" + OLD_GROUP
                        + "</groupId><groupName>web</groupName></item>"
                        + "</groupSet></item></networkInterfaceSet></item></instancesSet>"
                        + "</item></reservationSet></DescribeInstancesResponse>");
        ec2.ok(
                "DescribeSecurityGroups",
                "<DescribeSecurityGroupsResponse xmlns=\"" + NS + "\"><requestId>req-DescribeSecurityGroups"
                        + "</requestId><securityGroupInfo/></DescribeSecurityGroupsResponse>");
        ec2.ok(
                "CreateSecurityGroup",
                "<CreateSecurityGroupResponse xmlns=\"" + NS + "\"><requestId>req-CreateSecurityGroup</requestId>"
                        + "<return>true</return><groupId>" + QUARANTINE + "</groupId></CreateSecurityGroupResponse>");
        for (String op : List.of("RevokeSecurityGroupEgress", "CreateTags", "ModifyNetworkInterfaceAttribute")) {
            ec2.ok(op, AwsWire.ec2Return(op));
        }
        // only the isolation rule, so the wire shows one action's calls and nothing else
        Path rules = Files.createDirectories(tmp.resolve("rules/guardduty"));
        Files.copy(
                Path.of("src/main/resources/rules/guardduty/ec2-compromise.drl"), rules.resolve("ec2-compromise.drl"));
        audit = tmp.resolve("audit.jsonl");
        start("first");
    }

    /** Starts {@code serve} ({@code name}: its output files) on the same audit, state and EC2, and waits for it. */
    void start(String name) throws Exception {
        // live ingest without a token: on loopback (ServeProcess's host) only
        List<String> props = List.of(
                "-Driposte.dry-run=false",
                "-Driposte.aws.endpoint-override=" + ec2.baseUrl(),
                "-Driposte.aws.region=us-east-1",
                "-Daws.accessKeyId=AKIDEXAMPLE",
                "-Daws.secretAccessKey=not-a-secret",
                "-Daws.region=us-east-1",
                // investigation would add its own reads (DescribeInstances...) to the wire; it has tests of its own
                "-Driposte.investigate.enabled=false",
                // 0s: the second delivery must be stopped by the idempotency record (which survives restarts), not the
                // cooldown
                "-Driposte.guard.cooldown=0s",
                "-Driposte.rules.dir=" + tmp.resolve("rules"),
                "-Driposte.audit.file=" + audit,
                "-Driposte.state.dir=" + tmp.resolve("state"),
                "-Driposte.reports.dir=" + tmp.resolve("reports"));
        serve = ServeProcess.start(tmp, name, props).awaitReady();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (serve != null) {
            serve.close();
        }
        ec2.close();
    }

    @Test
    void aGuardDutyFindingIsolatesTheInstanceOnceAndOnlyOnce() throws Exception {
        String finding = Files.readString(Path.of("samples/guardduty/ec2-tor-client/event.json"));

        HttpResponse<String> first = serve.post(finding);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("\"outcome\":\"succeeded\"").contains("\"mode\":\"live\"");

        List<AwsWire.Call> calls = ec2.calls();
        assertThat(calls)
                .extracting(AwsWire.Call::action)
                .containsExactly(
                        "DescribeTags", // the exempt-tag guard reads the instance's current tags
                        "DescribeInstances",
                        "DescribeSecurityGroups",
                        "CreateSecurityGroup",
                        "RevokeSecurityGroupEgress",
                        "CreateTags",
                        "ModifyNetworkInterfaceAttribute");
        assertThat(calls.get(0).params())
                .containsEntry("Filter.1.Name", "resource-id")
                .containsEntry("Filter.1.Value.1", INSTANCE);
        assertThat(calls.get(1).params())
                .containsEntry("InstanceId.1", INSTANCE)
                .doesNotContainKey("DryRun");
        assertThat(calls.get(2).params())
                .containsEntry("Filter.1.Value.1", "riposte-quarantine-" + VPC)
                .containsEntry("Filter.2.Name", "vpc-id")
                .containsEntry("Filter.2.Value.1", VPC);
        assertThat(calls.get(3).params())
                .containsEntry("GroupName", "riposte-quarantine-" + VPC)
                .containsEntry("VpcId", VPC)
                .doesNotContainKey("DryRun");
        assertThat(calls.get(4).params())
                .containsEntry("GroupId", QUARANTINE)
                .containsEntry("IpPermissions.1.IpProtocol", "-1")
                .containsEntry("IpPermissions.1.IpRanges.1.CidrIp", "0.0.0.0/0");
        assertThat(calls.get(5).params())
                .containsEntry("ResourceId.1", INSTANCE)
                .containsEntry("Tag.1.Key", "riposte:original-security-groups")
                .containsEntry("Tag.1.Value", OLD_GROUP);
        assertThat(calls.get(6).params())
                .containsEntry("NetworkInterfaceId", ENI)
                .containsEntry("SecurityGroupId.1", QUARANTINE)
                .doesNotContainKey("SecurityGroupId.2");
        // every request was signed with the dummy credentials, for the event's region
        assertThat(ec2.headers("Authorization"))
                .allSatisfy(
                        h -> assertThat(h).contains("Credential=AKIDEXAMPLE/").contains("/us-east-1/ec2/aws4_request"));

        HttpResponse<String> again = serve.post(finding);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"outcome\":\"deduplicated\"");
        assertThat(mutations(ec2.actions()))
                .as("the redelivered event mutates nothing")
                .hasSize(mutations(calls.stream().map(AwsWire.Call::action).toList())
                        .size());

        // the idempotency record is on disk: a restarted service does not act again either
        serve.stop();
        start("restarted");
        assertThat(serve.post(finding).body()).contains("\"outcome\":\"deduplicated\"");
        assertThat(mutations(ec2.actions())).hasSize(4);

        List<JsonNode> isolation = Files.readAllLines(audit).stream()
                .map(CliIT::parse)
                .filter(r -> "ec2:isolate-instance".equals(r.path("action").asText(null)))
                .toList();
        assertThat(isolation)
                .extracting(r -> r.get("outcome").asText())
                .containsExactly("succeeded", "deduplicated", "deduplicated");
        JsonNode done = isolation.get(0);
        assertThat(done.get("mode").asText()).isEqualTo("live");
        assertThat(done.get("target").asText()).isEqualTo(INSTANCE);
        assertThat(done.get("awsRequestId").asText()).isEqualTo("req-ModifyNetworkInterfaceAttribute");
        assertThat(done.get("requests"))
                .extracting(r -> r.get("operation").asText())
                .containsExactly(
                        "DescribeInstances",
                        "DescribeSecurityGroups",
                        "CreateSecurityGroup",
                        "RevokeSecurityGroupEgress",
                        "CreateTags",
                        "ModifyNetworkInterfaceAttribute");
        assertThat(isolation.get(1).get("error").asText()).contains("already carried out");
    }

    static List<String> mutations(List<String> actions) {
        List<String> m = new ArrayList<>();
        for (String a : actions) {
            if (!a.startsWith("Describe")) {
                m.add(a);
            }
        }
        return m;
    }
}
