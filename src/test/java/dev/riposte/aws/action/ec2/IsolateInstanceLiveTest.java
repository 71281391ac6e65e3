package dev.riposte.aws.action.ec2;

import static dev.riposte.aws.client.AwsWire.ec2Error;
import static dev.riposte.aws.client.AwsWire.ec2Return;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.client.AwsWire;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.AwsDryRun;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.DispatchResult;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.fact.Events;
import dev.riposte.fact.SecurityEvent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ec2:isolate-instance against a local EC2 endpoint: the exact calls on the wire and every way they end. */
class IsolateInstanceLiveTest {
    private static final String ID = "i-0123456789abcdef0";
    private static final String VPC = "vpc-0a1b2c3d4e5f60001";
    private static final String ENI1 = "eni-0a1b2c3d4e5f60001";
    private static final String ENI2 = "eni-0a1b2c3d4e5f60002";
    private static final String QUARANTINE = "sg-0999999999999999a";
    private static final String NAME = "riposte-quarantine-" + VPC;

    private final AwsWire aws = new AwsWire();
    private final IsolateInstance handler = new IsolateInstance(aws.clients());
    private final SecurityEvent finding = Events.withDetail("guardduty-ec2-eventbridge.json");
    private final ActionContext ctx =
            new ActionContext(ActionCommand.of("ec2:isolate-instance", ID), finding, Events.ACCOUNT, "us-east-1");

    @AfterEach
    void stop() {
        aws.close();
    }

    private void runningInstance(Map<String, String> tags, List<String> groups1, List<String> groups2) {
        aws.ok(
                "DescribeInstances",
                Ec2Xml.describeInstances(
                        ID,
                        "running",
                        VPC,
                        tags,
                        List.of(new Ec2Xml.Eni(ENI1, groups1), new Ec2Xml.Eni(ENI2, groups2))));
    }

    private void freshAccount() {
        runningInstance(
                Map.of(),
                List.of("sg-0a1b2c3d4e5f60001", "sg-0a1b2c3d4e5f60002"),
                List.of("sg-0a1b2c3d4e5f60001", "sg-0a1b2c3d4e5f60003"));
        aws.ok("DescribeSecurityGroups", Ec2Xml.describeSecurityGroups());
        aws.ok("CreateSecurityGroup", Ec2Xml.createSecurityGroup(QUARANTINE));
        aws.ok("RevokeSecurityGroupEgress", ec2Return("RevokeSecurityGroupEgress"));
        aws.ok("CreateTags", ec2Return("CreateTags"));
        aws.ok("ModifyNetworkInterfaceAttribute", ec2Return("ModifyNetworkInterfaceAttribute"));
    }

    @Test
    void isolatesAndSendsExactlyTheDocumentedCalls() {
        freshAccount();

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.awsRequestId()).isEqualTo("req-ModifyNetworkInterfaceAttribute");
        List<AwsWire.Call> calls = aws.calls();
        assertThat(calls)
                .extracting(AwsWire.Call::action)
                .containsExactly(
                        "DescribeInstances",
                        "DescribeSecurityGroups",
                        "CreateSecurityGroup",
                        "RevokeSecurityGroupEgress",
                        "CreateTags",
                        "ModifyNetworkInterfaceAttribute",
                        "ModifyNetworkInterfaceAttribute");
        assertThat(calls.get(0).params()).containsEntry("InstanceId.1", ID).containsEntry("Version", "2016-11-15");
        assertThat(calls.get(1).params())
                .containsEntry("Filter.1.Name", "group-name")
                .containsEntry("Filter.1.Value.1", NAME)
                .containsEntry("Filter.2.Name", "vpc-id")
                .containsEntry("Filter.2.Value.1", VPC);
        assertThat(calls.get(2).params())
                .containsEntry("GroupName", NAME)
                .containsEntry("VpcId", VPC)
                .containsEntry("GroupDescription", "Riposte quarantine: no inbound or outbound traffic")
                .doesNotContainKey("DryRun");
        assertThat(calls.get(3).params())
                .containsEntry("GroupId", QUARANTINE)
                .containsEntry("IpPermissions.1.IpProtocol", "-1")
                .containsEntry("IpPermissions.1.IpRanges.1.CidrIp", "0.0.0.0/0");
        assertThat(calls.get(4).params())
                .containsEntry("ResourceId.1", ID)
                .containsEntry("Tag.1.Key", "riposte:original-security-groups")
                .containsEntry("Tag.1.Value", "sg-0a1b2c3d4e5f60001,sg-0a1b2c3d4e5f60002,sg-0a1b2c3d4e5f60003");
        assertThat(calls.get(5).params())
                .containsEntry("NetworkInterfaceId", ENI1)
                .containsEntry("SecurityGroupId.1", QUARANTINE)
                .doesNotContainKey("SecurityGroupId.2");
        assertThat(calls.get(6).params())
                .containsEntry("NetworkInterfaceId", ENI2)
                .containsEntry("SecurityGroupId.1", QUARANTINE);
    }

    @Test
    void theDryRunPlanIsWhatLiveSends() {
        freshAccount();
        List<AwsRequest> plan = handler.plan(ctx);

        ExecutionResult r = handler.execute(ctx);

        List<AwsRequest> expected = plan.stream()
                .map(p -> new AwsRequest(
                        p.service(),
                        p.operation(),
                        replace(p.parameters(), "<quarantine-group:" + VPC + ">", QUARANTINE)))
                .toList();
        assertThat(r.requests()).isEqualTo(expected);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> replace(Map<String, Object> m, String from, String to) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, replaceValue(v, from, to)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object replaceValue(Object v, String from, String to) {
        if (from.equals(v)) {
            return to;
        }
        if (v instanceof Map<?, ?> m) {
            return replace((Map<String, Object>) m, from, to);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(x -> replaceValue(x, from, to)).toList();
        }
        return v;
    }

    @Test
    void anAlreadyIsolatedInstanceIsLeftAlone() {
        runningInstance(
                Map.of("riposte:original-security-groups", "sg-0a1b2c3d4e5f60001"),
                List.of(QUARANTINE),
                List.of(QUARANTINE));
        aws.ok("DescribeSecurityGroups", Ec2Xml.describeSecurityGroups(Ec2Xml.group(QUARANTINE, NAME, VPC, "", "")));

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.actions()).containsExactly("DescribeInstances", "DescribeSecurityGroups");
    }

    @Test
    void aPartlyIsolatedInstanceKeepsItsRecordedGroupsAndRulesAddedToTheQuarantineGroupAreRemoved() {
        runningInstance(
                Map.of("riposte:original-security-groups", "sg-0a1b2c3d4e5f60001"),
                List.of(QUARANTINE),
                List.of("sg-0a1b2c3d4e5f60003"));
        aws.ok(
                "DescribeSecurityGroups",
                Ec2Xml.describeSecurityGroups(Ec2Xml.group(
                        QUARANTINE,
                        NAME,
                        VPC,
                        Ec2Xml.rule("tcp", 22, 22, "0.0.0.0/0"),
                        Ec2Xml.rule("-1", null, null, "0.0.0.0/0"))));
        aws.answer(
                "RevokeSecurityGroupEgress",
                400,
                ec2Error("InvalidPermission.NotFound", "The specified rule does not exist in this security group."));
        aws.ok("RevokeSecurityGroupIngress", ec2Return("RevokeSecurityGroupIngress"));
        aws.ok("ModifyNetworkInterfaceAttribute", ec2Return("ModifyNetworkInterfaceAttribute"));

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.actions())
                .containsExactly(
                        "DescribeInstances",
                        "DescribeSecurityGroups",
                        "RevokeSecurityGroupEgress",
                        "RevokeSecurityGroupIngress",
                        "ModifyNetworkInterfaceAttribute");
        assertThat(aws.calls().get(3).params())
                .containsEntry("GroupId", QUARANTINE)
                .containsEntry("IpPermissions.1.IpProtocol", "tcp")
                .containsEntry("IpPermissions.1.FromPort", "22")
                .containsEntry("IpPermissions.1.ToPort", "22")
                .containsEntry("IpPermissions.1.IpRanges.1.CidrIp", "0.0.0.0/0");
        assertThat(aws.calls().get(4).params()).containsEntry("NetworkInterfaceId", ENI2);
    }

    @Test
    void aVanishedInstanceIsSkipped() {
        aws.answer(
                "DescribeInstances",
                400,
                ec2Error("InvalidInstanceID.NotFound", "The instance ID '" + ID + "' does not exist"));

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(r.error()).isEqualTo("InvalidInstanceID.NotFound: The instance ID '" + ID + "' does not exist");
        assertThat(aws.actions()).containsExactly("DescribeInstances");
    }

    @Test
    void aTerminatedInstanceIsSkipped() {
        aws.ok("DescribeInstances", Ec2Xml.describeInstances(ID, "terminated", VPC, Map.of(), List.of()));

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(r.error()).isEqualTo("instance " + ID + " is terminated");
    }

    @Test
    void throttlingIsRetried() {
        freshAccount();
        aws.firstThen(
                "ModifyNetworkInterfaceAttribute",
                503,
                ec2Error("RequestLimitExceeded", "Request limit exceeded."),
                ec2Return("ModifyNetworkInterfaceAttribute"));

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.actions())
                .filteredOn("ModifyNetworkInterfaceAttribute"::equals)
                .hasSize(3);
    }

    @Test
    void aRefusalFailsWithTheCodeAndRequestId() {
        freshAccount();
        aws.answer(
                "CreateTags",
                403,
                ec2Error("UnauthorizedOperation", "You are not authorized to perform this operation."));

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error()).isEqualTo("UnauthorizedOperation: You are not authorized to perform this operation.");
        assertThat(r.awsRequestId()).isEqualTo("err-req-1");
        assertThat(aws.actions()).doesNotContain("ModifyNetworkInterfaceAttribute");
    }

    @Test
    void dryRunValidationSendsChangesWithDryRunAndRecordsTheVerdict() {
        runningInstance(Map.of(), List.of("sg-0a1b2c3d4e5f60001"), List.of("sg-0a1b2c3d4e5f60003"));
        aws.ok("DescribeSecurityGroups", Ec2Xml.describeSecurityGroups());
        String wouldSucceed = ec2Error("DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
        aws.answer("CreateSecurityGroup", 412, wouldSucceed);
        aws.answer("CreateTags", 412, wouldSucceed);
        aws.answer("ModifyNetworkInterfaceAttribute", 412, wouldSucceed);
        Dispatcher dispatcher = new Dispatcher(new ActionCatalogue(List.of(handler)), new DispatchSettings(true, true));

        DispatchResult r = dispatcher.dispatch(ctx.command(), finding, false);

        assertThat(r.outcome()).isEqualTo(Outcome.PLANNED);
        assertThat(r.awsDryRun()).isEqualTo("DryRunOperation");
        assertThat(r.error()).isNull();
        assertThat(r.requests()).isEqualTo(handler.plan(ctx));
        List<AwsWire.Call> calls = aws.calls();
        assertThat(calls)
                .extracting(AwsWire.Call::action)
                .containsExactly(
                        "DescribeInstances",
                        "DescribeSecurityGroups",
                        "CreateSecurityGroup",
                        "CreateTags",
                        "ModifyNetworkInterfaceAttribute",
                        "ModifyNetworkInterfaceAttribute");
        assertThat(calls.subList(0, 2)).allSatisfy(c -> assertThat(c.params()).doesNotContainKey("DryRun"));
        assertThat(calls.subList(2, 6)).allSatisfy(c -> assertThat(c.params()).containsEntry("DryRun", "true"));
        // the quarantine group does not exist yet: the interface's own group stands in
        assertThat(calls.get(4).params()).containsEntry("SecurityGroupId.1", "sg-0a1b2c3d4e5f60001");
    }

    @Test
    void dryRunValidationReportsWhatWouldBeRefused() {
        runningInstance(Map.of(), List.of("sg-0a1b2c3d4e5f60001"), List.of("sg-0a1b2c3d4e5f60003"));
        aws.ok("DescribeSecurityGroups", Ec2Xml.describeSecurityGroups(Ec2Xml.group(QUARANTINE, NAME, VPC, "", "")));
        aws.answer(
                "CreateTags",
                412,
                ec2Error("DryRunOperation", "Request would have succeeded, but DryRun flag is set."));
        aws.answer(
                "ModifyNetworkInterfaceAttribute",
                403,
                ec2Error("UnauthorizedOperation", "You are not authorized to perform this operation."));

        AwsDryRun v = handler.validateWithAws(ctx);

        assertThat(v.verdict()).isEqualTo("UnauthorizedOperation");
        assertThat(v.message())
                .isEqualTo(
                        "ModifyNetworkInterfaceAttribute: UnauthorizedOperation: You are not authorized to perform this operation.;"
                                + " ModifyNetworkInterfaceAttribute: UnauthorizedOperation: "
                                + "You are not authorized to perform this operation.");
        assertThat(v.requests())
                .filteredOn(q -> q.operation().equals("ModifyNetworkInterfaceAttribute"))
                .allSatisfy(q -> assertThat(q.parameters())
                        .containsEntry("DryRun", true)
                        .containsEntry("Groups", List.of(QUARANTINE)));
    }

    @Test
    void longGroupListsAreSplitOverSeveralTags() {
        String groups = String.join(",", Collections.nCopies(14, "sg-0a1b2c3d4e5f60001"));
        List<List<String>> tags = IsolateInstance.originalGroupTags(groups);

        assertThat(tags)
                .extracting(t -> t.get(0))
                .containsExactly("riposte:original-security-groups", "riposte:original-security-groups-2");
        assertThat(tags.get(0).get(1)).hasSizeLessThanOrEqualTo(256);
        assertThat(tags.get(0).get(1) + "," + tags.get(1).get(1)).isEqualTo(groups);
    }
}
