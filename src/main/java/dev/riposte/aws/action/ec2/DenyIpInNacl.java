package dev.riposte.aws.action.ec2;

import static dev.riposte.aws.client.Requests.params;
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
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.NetworkAclEntry;
import software.amazon.awssdk.services.ec2.model.RuleAction;

/**
 * {@code ec2:deny-ip-in-nacl}: add a deny rule for an attacker's address to the network ACL of a subnet, using the
 * first free rule number in a range reserved for Riposte (default 50-99, before the usual allow rules at 100).
 * An existing deny rule for the same address counts as done. Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class DenyIpInNacl extends AwsHandler implements AwsAction {
    static final int DEFAULT_FROM = 50;
    static final int DEFAULT_TO = 99;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}(/\\d{1,2})?");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]*:[0-9a-fA-F:]*(/\\d{1,3})?");

    private static final ActionSpec SPEC = ActionSpec.builder("ec2:deny-ip-in-nacl")
            .description(
                    "Deny all traffic from an IP address or CIDR in a subnet's network ACL, in a reserved rule-number range")
            .targetType("AWS::EC2::Subnet")
            .params(
                    ParamSpec.required(
                            "ip", ParamSpec.Type.STRING, "IPv4/IPv6 address (as /32 or /128) or CIDR to deny"),
                    ParamSpec.optional(
                            "ruleNumberFrom",
                            ParamSpec.Type.INT,
                            "first rule number Riposte may use (default " + DEFAULT_FROM + ")"),
                    ParamSpec.optional(
                            "ruleNumberTo",
                            ParamSpec.Type.INT,
                            "last rule number Riposte may use (default " + DEFAULT_TO + ")"),
                    ParamSpec.optional(
                            "egress",
                            ParamSpec.Type.BOOL,
                            "deny outbound traffic to it instead of inbound (default false)"),
                    ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("ec2:DescribeNetworkAcls", "ec2:CreateNetworkAclEntry")
            .awsDryRun(true)
            .build();

    @Inject
    public DenyIpInNacl(AwsClients clients) {
        super(SPEC, Ec2Targets.SUBNET, clients);
    }

    @Override
    public ActionCommand example() {
        return super.example().with("ip", "203.0.113.9");
    }

    @Override
    public List<String> check(ActionCommand command) {
        List<String> problems = new ArrayList<>(super.check(command));
        String ip = String.valueOf(command.params().get("ip"));
        if (!IPV4.matcher(ip).matches() && !IPV6.matcher(ip).matches()) {
            problems.add("ec2:deny-ip-in-nacl ip '" + ip + "' is not an IPv4/IPv6 address or CIDR");
        }
        int from = number(command.params().get("ruleNumberFrom"), DEFAULT_FROM);
        int to = number(command.params().get("ruleNumberTo"), DEFAULT_TO);
        if (from < 1 || to > 32766 || from > to) {
            problems.add("ec2:deny-ip-in-nacl rule numbers " + from + "-" + to + " must be a range within 1-32766");
        }
        return problems;
    }

    @Override
    public List<AwsRequest> plan(ActionContext ctx) {
        String subnet = subnet(ctx);
        return List.of(
                describe(subnet),
                entry(
                        "<network-acl-of:" + subnet + ">",
                        "<first-free-rule-number-in:" + from(ctx) + "-" + to(ctx) + ">",
                        egress(ctx),
                        cidr(ctx)));
    }

    @Override
    public ExecutionResult run(ActionContext ctx, Execution exec) {
        Ec2Client ec2 = clients.ec2(ctx);
        String subnet = subnet(ctx);
        String cidr = cidr(ctx);
        boolean egress = egress(ctx);
        List<NetworkAcl> acls = exec.read(
                        describe(subnet),
                        () -> ec2.describeNetworkAcls(b -> b.filters(Filter.builder()
                                .name("association.subnet-id")
                                .values(subnet)
                                .build())))
                .networkAcls();
        if (acls.isEmpty()) {
            return exec.skipped("subnet " + subnet + " has no network ACL (no longer exists)");
        }
        NetworkAcl acl = acls.get(0);
        List<NetworkAclEntry> sameDirection = acl.entries().stream()
                .filter(e -> Boolean.TRUE.equals(e.egress()) == egress)
                .toList();
        if (sameDirection.stream()
                .anyMatch(e -> e.ruleAction() == RuleAction.DENY
                        && (cidr.equals(e.cidrBlock()) || cidr.equals(e.ipv6CidrBlock())))) {
            return exec.succeeded(); // already denied
        }
        Set<Integer> used =
                sameDirection.stream().map(NetworkAclEntry::ruleNumber).collect(Collectors.toSet());
        int rule = -1;
        for (int n = from(ctx); n <= to(ctx); n++) {
            if (!used.contains(n)) {
                rule = n;
                break;
            }
        }
        if (rule < 0) {
            throw new IllegalStateException(
                    "no free rule number in " + from(ctx) + "-" + to(ctx) + " of " + acl.networkAclId());
        }
        int number = rule;
        boolean v6 = cidr.contains(":");
        exec.change(
                entry(acl.networkAclId(), number, egress, cidr),
                Set.of(),
                () -> ec2.createNetworkAclEntry(b -> {
                    b.dryRun(exec.dryRunFlag())
                            .networkAclId(acl.networkAclId())
                            .ruleNumber(number)
                            .protocol("-1")
                            .ruleAction(RuleAction.DENY)
                            .egress(egress);
                    if (v6) {
                        b.ipv6CidrBlock(cidr);
                    } else {
                        b.cidrBlock(cidr);
                    }
                }));
        return exec.succeeded();
    }

    private static String subnet(ActionContext ctx) {
        return Ec2Ids.requireId(ctx.target(), "subnet", "a subnet id");
    }

    /** A bare address becomes a single-host CIDR. */
    static String cidr(ActionContext ctx) {
        String ip = ctx.param("ip", "");
        return ip.contains("/") ? ip : ip + (ip.contains(":") ? "/128" : "/32");
    }

    private static boolean egress(ActionContext ctx) {
        return Boolean.parseBoolean(ctx.param("egress", "false"));
    }

    private static int from(ActionContext ctx) {
        return number(ctx.command().params().get("ruleNumberFrom"), DEFAULT_FROM);
    }

    private static int to(ActionContext ctx) {
        return number(ctx.command().params().get("ruleNumberTo"), DEFAULT_TO);
    }

    private static int number(Object v, int fallback) {
        return v == null ? fallback : Integer.parseInt(String.valueOf(v));
    }

    static AwsRequest describe(String subnet) {
        return request(
                "ec2",
                "DescribeNetworkAcls",
                "Filters",
                List.of(params("Name", "association.subnet-id", "Values", List.of(subnet))));
    }

    static AwsRequest entry(String acl, Object ruleNumber, boolean egress, String cidr) {
        boolean v6 = cidr.contains(":");
        return request(
                "ec2",
                "CreateNetworkAclEntry",
                "NetworkAclId",
                acl,
                "RuleNumber",
                ruleNumber,
                "Protocol",
                "-1",
                "RuleAction",
                "deny",
                "Egress",
                egress,
                v6 ? "Ipv6CidrBlock" : "CidrBlock",
                cidr);
    }
}
