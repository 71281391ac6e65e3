package dev.riposte.aws.action.ec2;

import static dev.riposte.aws.action.ec2.Ec2TestSupport.ctx;
import static dev.riposte.aws.client.AwsWire.ec2Return;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.client.AwsWire;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DenyIpInNaclTest {
    private static final String SUBNET = "subnet-0a1b2c3d4e5f60001";
    private static final String ACL = "acl-0a1b2c3d4e5f60001";
    private final AwsWire aws = new AwsWire();
    private final DenyIpInNacl handler = new DenyIpInNacl(aws.clients());
    private final ActionContext ctx = ctx("ec2:deny-ip-in-nacl", SUBNET, Map.of("ip", "203.0.113.9"));

    @AfterEach
    void stop() {
        aws.close();
    }

    private static String entry(int number, String action, boolean egress, String cidr) {
        return "<item><ruleNumber>" + number + "</ruleNumber><protocol>-1</protocol><ruleAction>" + action
                + "</ruleAction><egress>" + egress + "</egress><cidrBlock>" + cidr + "</cidrBlock></item>";
    }

    private static String acls(String entries) {
        return "<DescribeNetworkAclsResponse xmlns=\"" + AwsWire.EC2_NS
                + "\"><requestId>req-acl</requestId><networkAclSet><item>"
                + "<networkAclId>" + ACL + "</networkAclId><vpcId>vpc-0a1b2c3d4e5f60001</vpcId><default>true</default>"
                + "<entrySet>" + entries + "</entrySet><associationSet><item><networkAclAssociationId>aclassoc-0a1b2c3d"
                + "</networkAclAssociationId><networkAclId>" + ACL + "</networkAclId><subnetId>" + SUBNET
                + "</subnetId></item></associationSet><tagSet/></item></networkAclSet></DescribeNetworkAclsResponse>";
    }

    @Test
    void addsADenyRuleAtTheFirstFreeReservedNumber() {
        aws.ok(
                "DescribeNetworkAcls",
                acls(entry(50, "deny", false, "198.51.100.7/32")
                        + entry(51, "deny", true, "198.51.100.8/32")
                        + entry(100, "allow", false, "0.0.0.0/0")
                        + entry(32767, "deny", false, "0.0.0.0/0")));
        aws.ok("CreateNetworkAclEntry", ec2Return("CreateNetworkAclEntry"));

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.calls().get(0).params())
                .containsEntry("Filter.1.Name", "association.subnet-id")
                .containsEntry("Filter.1.Value.1", SUBNET);
        assertThat(aws.calls().get(1).params())
                .isEqualTo(Map.of(
                        "Action",
                        "CreateNetworkAclEntry",
                        "Version",
                        "2016-11-15",
                        "NetworkAclId",
                        ACL,
                        "RuleNumber",
                        "51",
                        "Protocol",
                        "-1",
                        "RuleAction",
                        "deny",
                        "Egress",
                        "false",
                        "CidrBlock",
                        "203.0.113.9/32"));
        assertThat(handler.plan(ctx).get(1))
                .isEqualTo(new AwsRequest(
                        "ec2",
                        "CreateNetworkAclEntry",
                        Map.of(
                                "NetworkAclId",
                                "<network-acl-of:" + SUBNET + ">",
                                "RuleNumber",
                                "<first-free-rule-number-in:50-99>",
                                "Protocol",
                                "-1",
                                "RuleAction",
                                "deny",
                                "Egress",
                                false,
                                "CidrBlock",
                                "203.0.113.9/32")));
    }

    @Test
    void anAddressAlreadyDeniedIsLeftAlone() {
        aws.ok("DescribeNetworkAcls", acls(entry(50, "deny", false, "203.0.113.9/32")));

        assertThat(handler.execute(ctx).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.actions()).containsExactly("DescribeNetworkAcls");
    }

    @Test
    void aFullRangeFails() {
        aws.ok("DescribeNetworkAcls", acls(entry(60, "deny", false, "198.51.100.7/32")));

        ExecutionResult r = handler.execute(ctx(
                "ec2:deny-ip-in-nacl", SUBNET, Map.of("ip", "203.0.113.9", "ruleNumberFrom", 60, "ruleNumberTo", 60)));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error()).isEqualTo("no free rule number in 60-60 of " + ACL);
    }

    @Test
    void checksAddressAndRange() {
        assertThat(handler.check(new ActionCommand(
                        "ec2:deny-ip-in-nacl",
                        SUBNET,
                        Map.of("ip", "evil.example", "ruleNumberFrom", 90, "ruleNumberTo", 10))))
                .containsExactly(
                        "ec2:deny-ip-in-nacl ip 'evil.example' is not an IPv4/IPv6 address or CIDR",
                        "ec2:deny-ip-in-nacl rule numbers 90-10 must be a range within 1-32766");
        assertThat(handler.check(new ActionCommand("ec2:deny-ip-in-nacl", SUBNET, Map.of("ip", "2001:db8::1"))))
                .isEmpty();
    }
}
