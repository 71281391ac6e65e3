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
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * {@code ec2:revoke-open-ingress}: remove every inbound rule of a group that is open to the world
 * ({@code 0.0.0.0/0}, {@code ::/0}), optionally only those covering some ports. Rules from other sources stay.
 * A group with nothing open is left alone. Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class RevokeOpenIngress extends AwsHandler implements AwsAction {
    static final String WORLD_V4 = "0.0.0.0/0";
    static final String WORLD_V6 = "::/0";

    private static final ActionSpec SPEC = ActionSpec.builder("ec2:revoke-open-ingress")
            .description(
                    "Revoke every inbound rule of a security group open to 0.0.0.0/0 or ::/0 (optionally only those covering given ports)")
            .targetType("AWS::EC2::SecurityGroup")
            .params(
                    ParamSpec.optional(
                            "ports", ParamSpec.Type.LIST, "only rules that cover one of these ports, e.g. [22, 3389]"),
                    ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("ec2:DescribeSecurityGroups", "ec2:RevokeSecurityGroupIngress")
            .awsDryRun(true)
            .build();

    @Inject
    public RevokeOpenIngress(AwsClients clients) {
        super(SPEC, Ec2Targets.SECURITY_GROUP, clients);
    }

    @Override
    public ActionCommand example() {
        return super.example().with("ports", List.of(22, 3389));
    }

    @Override
    public List<String> check(ActionCommand command) {
        List<String> problems = new ArrayList<>(super.check(command));
        Object ports = command.params().get("ports");
        if (ports instanceof List<?> l) {
            for (Object p : l) {
                if (!String.valueOf(p).matches("\\d{1,5}") || Integer.parseInt(String.valueOf(p)) > 65535) {
                    problems.add("ec2:revoke-open-ingress port '" + p + "' is not a port number");
                }
            }
        }
        return problems;
    }

    @Override
    public List<AwsRequest> plan(ActionContext ctx) {
        String group = RevokeIngress.group(ctx);
        return List.of(
                describe(group),
                RevokeIngress.revoke(
                        group,
                        "<rules-of:" + group + " open to " + WORLD_V4 + " or " + WORLD_V6
                                + (ports(ctx).isEmpty() ? "" : " covering ports " + ports(ctx)) + ">"));
    }

    @Override
    public ExecutionResult run(ActionContext ctx, Execution exec) {
        String group = RevokeIngress.group(ctx);
        Ec2Client ec2 = clients.ec2(ctx);
        List<SecurityGroup> found = exec.read(describe(group), () -> ec2.describeSecurityGroups(b -> b.groupIds(group)))
                .securityGroups();
        if (found.isEmpty()) {
            return exec.skipped("security group " + group + " no longer exists");
        }
        List<IpPermission> open = openRules(found.get(0).ipPermissions(), ports(ctx));
        if (open.isEmpty()) {
            return exec.succeeded(); // nothing open to the world (any more)
        }
        return RevokeIngress.revoke(ec2, exec, group, open);
    }

    /** Each rule cut down to its world-open ranges; rules with none (or not covering {@code ports}) are dropped. */
    static List<IpPermission> openRules(List<IpPermission> rules, List<Integer> ports) {
        List<IpPermission> open = new ArrayList<>();
        for (IpPermission p : rules) {
            var v4 = p.ipRanges().stream()
                    .filter(r -> WORLD_V4.equals(r.cidrIp()))
                    .map(r -> r.toBuilder().description(null).build())
                    .toList();
            var v6 = p.ipv6Ranges().stream()
                    .filter(r -> WORLD_V6.equals(r.cidrIpv6()))
                    .map(r -> r.toBuilder().description(null).build())
                    .toList();
            if ((v4.isEmpty() && v6.isEmpty())
                    || !(ports.isEmpty() || ports.stream().anyMatch(port -> covers(p, port)))) {
                continue;
            }
            IpPermission.Builder b = IpPermission.builder()
                    .ipProtocol(p.ipProtocol())
                    .fromPort(p.fromPort())
                    .toPort(p.toPort());
            if (!v4.isEmpty()) {
                b.ipRanges(v4);
            }
            if (!v6.isEmpty()) {
                b.ipv6Ranges(v6);
            }
            open.add(b.build());
        }
        return open;
    }

    private static boolean covers(IpPermission p, int port) {
        if ("-1".equals(p.ipProtocol()) || p.fromPort() == null || p.toPort() == null) {
            return true;
        }
        return p.fromPort() <= port && port <= p.toPort();
    }

    private static List<Integer> ports(ActionContext ctx) {
        Object ports = ctx.command().params().get("ports");
        return ports instanceof List<?> l
                ? l.stream().map(p -> Integer.valueOf(String.valueOf(p))).toList()
                : List.of();
    }

    static AwsRequest describe(String group) {
        return request("ec2", "DescribeSecurityGroups", "GroupIds", List.of(group));
    }
}
