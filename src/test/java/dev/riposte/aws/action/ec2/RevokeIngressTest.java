package dev.riposte.aws.action.ec2;

import static dev.riposte.aws.action.ec2.Ec2TestSupport.GROUP;
import static dev.riposte.aws.action.ec2.Ec2TestSupport.ctx;
import static dev.riposte.aws.client.AwsWire.ec2Error;
import static dev.riposte.aws.client.AwsWire.ec2Return;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.client.AwsWire;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RevokeIngressTest {
    private final AwsWire aws = new AwsWire();
    private final RevokeIngress handler = new RevokeIngress(aws.clients());
    private final ActionContext ssh = ctx(
            "ec2:revoke-ingress", GROUP, Map.of("protocol", "tcp", "fromPort", 22, "toPort", 22, "cidr", "0.0.0.0/0"));

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void revokesExactlyTheRuleFromTheEvent() {
        aws.ok("RevokeSecurityGroupIngress", ec2Return("RevokeSecurityGroupIngress"));

        ExecutionResult r = handler.execute(ssh);

        assertThat(handler.plan(ssh))
                .containsExactly(new AwsRequest(
                        "ec2",
                        "RevokeSecurityGroupIngress",
                        Map.of(
                                "GroupId",
                                GROUP,
                                "IpPermissions",
                                List.of(Map.of(
                                        "IpProtocol",
                                        "tcp",
                                        "FromPort",
                                        22,
                                        "ToPort",
                                        22,
                                        "IpRanges",
                                        List.of(Map.of("CidrIp", "0.0.0.0/0")))))));
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.requests()).isEqualTo(handler.plan(ssh));
        assertThat(aws.calls())
                .singleElement()
                .satisfies(c -> assertThat(c.params())
                        .isEqualTo(Map.of(
                                "Action",
                                "RevokeSecurityGroupIngress",
                                "Version",
                                "2016-11-15",
                                "GroupId",
                                GROUP,
                                "IpPermissions.1.IpProtocol",
                                "tcp",
                                "IpPermissions.1.FromPort",
                                "22",
                                "IpPermissions.1.ToPort",
                                "22",
                                "IpPermissions.1.IpRanges.1.CidrIp",
                                "0.0.0.0/0")));
    }

    @Test
    void ipv6AndSourceGroupsAndAllTraffic() {
        aws.ok("RevokeSecurityGroupIngress", ec2Return("RevokeSecurityGroupIngress"));

        handler.execute(ctx(
                "ec2:revoke-ingress",
                GROUP,
                Map.of("protocol", "tcp", "fromPort", "3389", "toPort", "3389", "cidr", "::/0")));
        handler.execute(ctx("ec2:revoke-ingress", GROUP, Map.of("protocol", "-1", "cidr", "sg-0ffffffffffff0001")));

        assertThat(aws.calls().get(0).params())
                .containsEntry("IpPermissions.1.Ipv6Ranges.1.CidrIpv6", "::/0")
                .containsEntry("IpPermissions.1.FromPort", "3389");
        assertThat(aws.calls().get(1).params())
                .containsEntry("IpPermissions.1.IpProtocol", "-1")
                .containsEntry("IpPermissions.1.Groups.1.GroupId", "sg-0ffffffffffff0001")
                .doesNotContainKey("IpPermissions.1.FromPort");
    }

    @Test
    void aRuleAlreadyGoneCountsAsDoneAndAGoneGroupIsSkipped() {
        aws.answer(
                "RevokeSecurityGroupIngress",
                400,
                ec2Error("InvalidPermission.NotFound", "The specified rule does not exist in this security group."));
        assertThat(handler.execute(ssh).outcome()).isEqualTo(Outcome.SUCCEEDED);

        aws.reset();
        aws.answer(
                "RevokeSecurityGroupIngress",
                400,
                ec2Error("InvalidGroup.NotFound", "The security group '" + GROUP + "' does not exist"));
        assertThat(handler.execute(ssh).outcome()).isEqualTo(Outcome.SKIPPED);
    }

    @Test
    void checksTheRule() {
        assertThat(handler.check(new ActionCommand(
                        "ec2:revoke-ingress", GROUP, Map.of("protocol", "tcp", "cidr", "10.0.0.0/8"))))
                .containsExactly("ec2:revoke-ingress needs fromPort and toPort for tcp");
        assertThat(handler.check(
                        new ActionCommand("ec2:revoke-ingress", GROUP, Map.of("protocol", "ssh", "cidr", "everyone"))))
                .containsExactly(
                        "ec2:revoke-ingress protocol 'ssh' is not tcp, udp, icmp, icmpv6, -1 or a number",
                        "ec2:revoke-ingress cidr 'everyone' is not an IPv4/IPv6 CIDR or a security group id");
    }
}
