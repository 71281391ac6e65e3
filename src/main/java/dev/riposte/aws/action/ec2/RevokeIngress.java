package dev.riposte.aws.action.ec2;

import static dev.riposte.aws.client.Requests.request;

import dev.riposte.aws.action.AwsAction;
import dev.riposte.aws.action.AwsHandler;
import dev.riposte.aws.action.Execution;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;

/**
 * {@code ec2:revoke-ingress}: remove the one inbound rule an event added (the parameters mirror the
 * {@code IngressPermission} fact: protocol, fromPort, toPort, cidr). A rule that is already gone counts as done.
 * Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class RevokeIngress extends AwsHandler implements AwsAction {
    private static final Pattern PROTOCOL = Pattern.compile("-1|tcp|udp|icmp|icmpv6|\\d{1,3}");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]+/\\d{1,3}");

    private static final ActionSpec SPEC = ActionSpec.builder("ec2:revoke-ingress")
            .description(
                    "Revoke one inbound rule of a security group (protocol, ports and CIDR or source group, as the event added it)")
            .targetType("AWS::EC2::SecurityGroup")
            .params(
                    ParamSpec.required(
                            "protocol", ParamSpec.Type.STRING, "tcp, udp, icmp, icmpv6, -1 (all) or a protocol number"),
                    ParamSpec.optional("fromPort", ParamSpec.Type.INT, "first port (tcp/udp; ICMP type)"),
                    ParamSpec.optional("toPort", ParamSpec.Type.INT, "last port (tcp/udp; ICMP code)"),
                    ParamSpec.required(
                            "cidr",
                            ParamSpec.Type.STRING,
                            "IPv4 or IPv6 CIDR, or the id of a source security group (sg-...)"),
                    ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("ec2:RevokeSecurityGroupIngress")
            .awsDryRun(true)
            .build();

    @Inject
    public RevokeIngress(AwsClients clients) {
        super(SPEC, Ec2Targets.SECURITY_GROUP, clients);
    }

    @Override
    public ActionCommand example() {
        return new ActionCommand(
                SPEC.id(),
                "sg-0a1b2c3d4e5f60001",
                Map.of("protocol", "tcp", "fromPort", 22, "toPort", 22, "cidr", "0.0.0.0/0"));
    }

    @Override
    public List<String> check(ActionCommand command) {
        List<String> problems = new ArrayList<>(super.check(command));
        Map<String, Object> p = command.params();
        String protocol = String.valueOf(p.get("protocol"));
        if (!PROTOCOL.matcher(protocol).matches()) {
            problems.add(
                    "ec2:revoke-ingress protocol '" + protocol + "' is not tcp, udp, icmp, icmpv6, -1 or a number");
        }
        if (("tcp".equals(protocol) || "udp".equals(protocol))
                && (p.get("fromPort") == null || p.get("toPort") == null)) {
            problems.add("ec2:revoke-ingress needs fromPort and toPort for " + protocol);
        }
        String cidr = String.valueOf(p.get("cidr"));
        if (!IPV4.matcher(cidr).matches() && !IPV6.matcher(cidr).matches() && Ec2Ids.id(cidr, "sg") == null) {
            problems.add("ec2:revoke-ingress cidr '" + cidr + "' is not an IPv4/IPv6 CIDR or a security group id");
        }
        return problems;
    }

    @Override
    public List<AwsRequest> plan(ActionContext ctx) {
        return List.of(revoke(group(ctx), IpPermissions.toMaps(List.of(permission(ctx)))));
    }

    @Override
    public ExecutionResult run(ActionContext ctx, Execution exec) {
        return revoke(clients.ec2(ctx), exec, group(ctx), List.of(permission(ctx)));
    }

    /** The security group a command targets: its id, or an exception. */
    static String group(ActionContext ctx) {
        return Ec2Ids.requireId(ctx.target(), "sg", "a security group id");
    }

    /** Revoke {@code rules} of {@code group} in one call; a rule that is already gone counts as revoked. */
    static ExecutionResult revoke(Ec2Client ec2, Execution exec, String group, List<IpPermission> rules) {
        exec.change(
                revoke(group, IpPermissions.toMaps(rules)),
                Ec2Errors.RULE_ALREADY_GONE,
                () -> ec2.revokeSecurityGroupIngress(
                        b -> b.dryRun(exec.dryRunFlag()).groupId(group).ipPermissions(rules)));
        return exec.succeeded();
    }

    /** The rule as EC2 takes it; ports only where the protocol has them (-1 means every protocol and port). */
    static IpPermission permission(ActionContext ctx) {
        String protocol = ctx.param("protocol", "-1");
        String cidr = ctx.param("cidr", null);
        IpPermission.Builder b = IpPermission.builder().ipProtocol(protocol);
        if (!"-1".equals(protocol) && ctx.param("fromPort", null) != null) {
            b.fromPort(Integer.valueOf(ctx.param("fromPort", null))).toPort(Integer.valueOf(ctx.param("toPort", null)));
        }
        if (Ec2Ids.id(cidr, "sg") != null) {
            b.userIdGroupPairs(g -> g.groupId(Ec2Ids.id(cidr, "sg")));
        } else if (cidr.contains(":")) {
            b.ipv6Ranges(r -> r.cidrIpv6(cidr));
        } else {
            b.ipRanges(r -> r.cidrIp(cidr));
        }
        return b.build();
    }

    /** The call as the plan and the audit log show it; {@code permissions} are the rules, or a placeholder for them. */
    static AwsRequest revoke(String groupId, Object permissions) {
        return request("ec2", "RevokeSecurityGroupIngress", "GroupId", groupId, "IpPermissions", permissions);
    }
}
