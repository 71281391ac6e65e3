package dev.riposte.aws.action.ec2;

import static dev.riposte.aws.action.ec2.Ec2TestSupport.GROUP;
import static dev.riposte.aws.action.ec2.Ec2TestSupport.ctx;
import static dev.riposte.aws.client.AwsWire.ec2Return;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.client.AwsWire;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ExecutionResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RevokeOpenIngressTest {
    private static final String VPC = "vpc-0a1b2c3d4e5f60001";
    private final AwsWire aws = new AwsWire();
    private final RevokeOpenIngress handler = new RevokeOpenIngress(aws.clients());

    @AfterEach
    void stop() {
        aws.close();
    }

    private void groupWithRules() {
        aws.ok(
                "DescribeSecurityGroups",
                Ec2Xml.describeSecurityGroups(Ec2Xml.group(
                        GROUP,
                        "web",
                        VPC,
                        Ec2Xml.rule("tcp", 22, 22, "0.0.0.0/0")
                                + Ec2Xml.rule("tcp", 443, 443, "10.0.0.0/8")
                                + Ec2Xml.rule("tcp", 3389, 3389, "::/0")
                                + Ec2Xml.rule("tcp", 80, 80, "0.0.0.0/0"),
                        "")));
        aws.ok("RevokeSecurityGroupIngress", ec2Return("RevokeSecurityGroupIngress"));
    }

    @Test
    void revokesEveryWorldOpenRuleAndKeepsTheOthers() {
        groupWithRules();
        ActionContext ctx = ctx("ec2:revoke-open-ingress", GROUP, Map.of());

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.actions()).containsExactly("DescribeSecurityGroups", "RevokeSecurityGroupIngress");
        assertThat(aws.calls().get(0).params()).containsEntry("GroupId.1", GROUP);
        assertThat(aws.calls().get(1).params())
                .isEqualTo(Map.ofEntries(
                        Map.entry("Action", "RevokeSecurityGroupIngress"),
                        Map.entry("Version", "2016-11-15"),
                        Map.entry("GroupId", GROUP),
                        Map.entry("IpPermissions.1.IpProtocol", "tcp"),
                        Map.entry("IpPermissions.1.FromPort", "22"),
                        Map.entry("IpPermissions.1.ToPort", "22"),
                        Map.entry("IpPermissions.1.IpRanges.1.CidrIp", "0.0.0.0/0"),
                        Map.entry("IpPermissions.2.IpProtocol", "tcp"),
                        Map.entry("IpPermissions.2.FromPort", "3389"),
                        Map.entry("IpPermissions.2.ToPort", "3389"),
                        Map.entry("IpPermissions.2.Ipv6Ranges.1.CidrIpv6", "::/0"),
                        Map.entry("IpPermissions.3.IpProtocol", "tcp"),
                        Map.entry("IpPermissions.3.FromPort", "80"),
                        Map.entry("IpPermissions.3.ToPort", "80"),
                        Map.entry("IpPermissions.3.IpRanges.1.CidrIp", "0.0.0.0/0")));
        assertThat(r.requests().get(1).parameters().get("IpPermissions"))
                .asList()
                .hasSize(3);
        assertThat(handler.plan(ctx).get(1).parameters())
                .containsEntry("IpPermissions", "<rules-of:" + GROUP + " open to 0.0.0.0/0 or ::/0>");
    }

    @Test
    void onlyThoseCoveringTheGivenPorts() {
        groupWithRules();

        handler.execute(ctx("ec2:revoke-open-ingress", GROUP, Map.of("ports", List.of(22, 3389))));

        assertThat(aws.calls().get(1).params())
                .containsEntry("IpPermissions.1.FromPort", "22")
                .containsEntry("IpPermissions.2.FromPort", "3389")
                .doesNotContainKey("IpPermissions.3.IpProtocol");
    }

    @Test
    void aGroupWithNothingOpenIsLeftAlone() {
        aws.ok(
                "DescribeSecurityGroups",
                Ec2Xml.describeSecurityGroups(
                        Ec2Xml.group(GROUP, "web", VPC, Ec2Xml.rule("tcp", 443, 443, "10.0.0.0/8"), "")));

        ExecutionResult r = handler.execute(ctx("ec2:revoke-open-ingress", GROUP, Map.of()));

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.actions()).containsExactly("DescribeSecurityGroups");
    }

    @Test
    void aGoneGroupIsSkipped() {
        aws.answer(
                "DescribeSecurityGroups",
                400,
                AwsWire.ec2Error("InvalidGroup.NotFound", "The security group '" + GROUP + "' does not exist"));

        assertThat(handler.execute(ctx("ec2:revoke-open-ingress", GROUP, Map.of()))
                        .outcome())
                .isEqualTo(Outcome.SKIPPED);
    }
}
