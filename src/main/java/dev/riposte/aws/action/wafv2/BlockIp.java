package dev.riposte.aws.action.wafv2;

import static dev.riposte.aws.client.Requests.request;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riposte.aws.action.AwsHandler;
import dev.riposte.aws.action.Execution;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.aws.json.AwsJsonClient;
import dev.riposte.aws.json.JsonOperation;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.dispatch.ParamSpec;
import dev.riposte.fact.SecurityEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * {@code wafv2:block-ip}: add an attacker's address (as {@code /32} or {@code /128}) to a WAF IP set that a web ACL blocks.
 * The address is the {@code ip} parameter, else the command's target, else the event's remote/source IP (GuardDuty's remote
 * IP, CloudTrail's {@code sourceIPAddress}: {@code principal.sourceIp}). UpdateIPSet replaces the whole set, so the set is
 * read first (GetIPSet gives its addresses, description and lock token) and written back with the address added; an address
 * the set already covers is success without a change. When someone else changed the set in between
 * ({@code WAFOptimisticLockException}), it is read and written again, up to {@value #LOCK_ATTEMPTS} times.
 * {@code CLOUDFRONT} sets live in us-east-1. Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class BlockIp extends AwsHandler {
    static final String TARGET_PREFIX = "AWSWAF_20190729";
    static final JsonOperation GET_IP_SET = JsonOperation.json11("wafv2", TARGET_PREFIX, "GetIPSet");
    static final JsonOperation UPDATE_IP_SET = JsonOperation.json11("wafv2", TARGET_PREFIX, "UpdateIPSet");
    static final Set<String> GONE = Set.of("WAFNonexistentItemException");
    static final String OPTIMISTIC_LOCK = "WAFOptimisticLockException";
    static final int LOCK_ATTEMPTS = 3;
    static final Set<String> SCOPES = Set.of("REGIONAL", "CLOUDFRONT");
    private static final String NAME = "[\\w-]{1,128}";
    private static final String IP_SET_ID = "[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}";

    private static final ActionSpec SPEC = ActionSpec.builder("wafv2:block-ip")
            .description(
                    "Add an IP address (the ip parameter, the target, else the event's remote/source IP) to a WAFv2 IP set")
            .params(
                    ParamSpec.required("ipSetName", ParamSpec.Type.STRING, "name of the IP set"),
                    ParamSpec.required("ipSetId", ParamSpec.Type.STRING, "id of the IP set"),
                    ParamSpec.optional(
                            "scope",
                            ParamSpec.Type.STRING,
                            "REGIONAL (default; the event's region) or CLOUDFRONT (us-east-1)"),
                    ParamSpec.optional(
                            "ip",
                            ParamSpec.Type.STRING,
                            "address or CIDR to block (default: the target, else the event's remote IP)"),
                    ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("wafv2:GetIPSet", "wafv2:UpdateIPSet")
            .build();

    @Inject
    public BlockIp(AwsClients clients) {
        super(SPEC, clients);
    }

    @Override
    public ActionCommand example() {
        return ActionCommand.of(SPEC.id(), null)
                .with("ipSetName", "riposte-blocklist")
                .with("ipSetId", "a1b2c3d4-5678-90ab-cdef-0123456789ab")
                .with("ip", "198.51.100.23");
    }

    @Override
    public List<String> check(ActionCommand command) {
        List<String> problems = new ArrayList<>();
        Object name = command.params().get("ipSetName");
        if (!String.valueOf(name).matches(NAME)) {
            problems.add(SPEC.id() + " ipSetName '" + name + "' is not a WAF IP set name (letters, digits, _ and -)");
        }
        Object id = command.params().get("ipSetId");
        if (!String.valueOf(id).matches(IP_SET_ID)) {
            problems.add(SPEC.id() + " ipSetId '" + id + "' is not a WAF IP set id");
        }
        Object scope = command.params().get("scope");
        if (scope != null && !SCOPES.contains(String.valueOf(scope))) {
            problems.add(SPEC.id() + " scope '" + scope + "' is not REGIONAL or CLOUDFRONT");
        }
        checkAddress(problems, "ip", command.params().get("ip"));
        checkAddress(problems, "target", command.target());
        return problems;
    }

    private static void checkAddress(List<String> problems, String name, Object value) {
        if (value != null) {
            try {
                Cidr.parse(String.valueOf(value));
            } catch (IllegalArgumentException e) {
                problems.add(SPEC.id() + " " + name + ": " + e.getMessage());
            }
        }
    }

    @Override
    public List<AwsRequest> plan(ActionContext ctx) {
        IpSet set = IpSet.of(ctx);
        Cidr cidr = address(ctx);
        return List.of(
                get(set),
                update(
                        set,
                        List.of("<addresses-of:" + set.name() + ">", cidr.toString()),
                        null,
                        "<lock-token-from-GetIPSet>"));
    }

    @Override
    public ExecutionResult execute(ActionContext ctx) {
        IpSet set = IpSet.of(ctx);
        Cidr cidr = address(ctx);
        ActionContext where =
                set.cloudFront() ? new ActionContext(ctx.command(), ctx.event(), ctx.account(), "us-east-1") : ctx;
        return Execution.execute(GONE, exec -> {
            AwsJsonClient waf = clients.json("wafv2", where);
            for (int attempt = 1; ; attempt++) {
                AwsRequest read = get(set);
                JsonNode answer = exec.readJson(read, () -> waf.call(GET_IP_SET, read.parameters()))
                        .body();
                JsonNode ipSet = answer.path("IPSet");
                List<String> addresses = new ArrayList<>();
                ipSet.path("Addresses").forEach(a -> addresses.add(a.asText()));
                if (addresses.stream().anyMatch(a -> covers(a, cidr))) {
                    return exec.succeeded(); // already blocked
                }
                String version = ipSet.path("IPAddressVersion").asText("");
                if (!version.isEmpty() && !version.equals(cidr.isV6() ? "IPV6" : "IPV4")) {
                    throw new IllegalStateException(
                            "IP set " + set.name() + " holds " + version + " addresses; " + cidr + " cannot go in it");
                }
                addresses.add(cidr.toString());
                String description = ipSet.path("Description").isTextual()
                        ? ipSet.path("Description").asText()
                        : null;
                AwsRequest change = update(
                        set, addresses, description, answer.path("LockToken").asText(null));
                try {
                    exec.changeJson(change, Set.of(), () -> waf.call(UPDATE_IP_SET, change.parameters()));
                    return exec.succeeded();
                } catch (AwsServiceException e) {
                    boolean lockLost = e.awsErrorDetails() != null
                            && OPTIMISTIC_LOCK.equals(e.awsErrorDetails().errorCode());
                    if (!lockLost || attempt >= LOCK_ATTEMPTS) {
                        throw e;
                    }
                    // someone changed the set since we read it: read it again and add the address to what is there now
                }
            }
        });
    }

    /** An address of the set that cannot be parsed is compared as text: it cannot hide the one we add. */
    private static boolean covers(String existing, Cidr wanted) {
        try {
            return Cidr.parse(existing).covers(wanted);
        } catch (IllegalArgumentException e) {
            return existing.equals(wanted.toString());
        }
    }

    /** The IP set named by the parameters. */
    record IpSet(String name, String id, String scope) {
        static IpSet of(ActionContext ctx) {
            return new IpSet(ctx.param("ipSetName", null), ctx.param("ipSetId", null), ctx.param("scope", "REGIONAL"));
        }

        boolean cloudFront() {
            return "CLOUDFRONT".equals(scope);
        }
    }

    /** The {@code ip} parameter, else the target, else the event's remote or source IP. */
    static Cidr address(ActionContext ctx) {
        String ip = ctx.param("ip", null);
        if (ip == null && ctx.target() != null && !ctx.target().isBlank()) {
            ip = ctx.target();
        }
        SecurityEvent e = ctx.event();
        if (ip == null && e != null && e.principal() != null) {
            ip = e.principal().sourceIp();
        }
        if (ip == null) {
            throw new IllegalArgumentException(
                    "wafv2:block-ip has no address to block: the event names no remote or source IP;"
                            + " pass the ip parameter");
        }
        try {
            return Cidr.parse(ip);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("wafv2:block-ip cannot block that address: " + ex.getMessage(), ex);
        }
    }

    static AwsRequest get(IpSet set) {
        return request("wafv2", "GetIPSet", "Name", set.name(), "Scope", set.scope(), "Id", set.id());
    }

    static AwsRequest update(IpSet set, List<String> addresses, String description, String lockToken) {
        return request(
                "wafv2",
                "UpdateIPSet",
                "Name",
                set.name(),
                "Scope",
                set.scope(),
                "Id",
                set.id(),
                "Description",
                description,
                "Addresses",
                List.copyOf(addresses),
                "LockToken",
                lockToken);
    }
}
