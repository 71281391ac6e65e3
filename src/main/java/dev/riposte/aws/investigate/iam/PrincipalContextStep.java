package dev.riposte.aws.investigate.iam;

import dev.riposte.aws.client.AwsClients;
import dev.riposte.aws.document.EventDetail;
import dev.riposte.aws.document.IamNames;
import dev.riposte.aws.document.PolicyStatements;
import dev.riposte.aws.investigate.AwsStep;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.fact.Principal;
import dev.riposte.fact.PrincipalContext;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyLastUsed;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;

/**
 * {@code iam:principal-context}: the IAM user or role behind an event (an assumed-role session counts as its role).
 * GetUser/GetRole is essential; policies, groups, keys with their last use, login profile and MFA are parts whose
 * failure leaves an incomplete context. Admin-equivalent: {@code AdministratorAccess} attached to the principal or its
 * groups, or an inline policy of either that allows {@code *} on {@code *}. Targets are {@code user/NAME} or {@code role/NAME}.
 * Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class PrincipalContextStep extends AwsStep {
    static final String NAME = "iam:principal-context";
    static final List<String> PERMISSIONS = List.of(
            "iam:GetUser",
            "iam:ListAttachedUserPolicies",
            "iam:ListUserPolicies",
            "iam:GetUserPolicy",
            "iam:ListGroupsForUser",
            "iam:ListAttachedGroupPolicies",
            "iam:ListGroupPolicies",
            "iam:GetGroupPolicy",
            "iam:ListAccessKeys",
            "iam:GetAccessKeyLastUsed",
            "iam:GetLoginProfile",
            "iam:ListMFADevices",
            "iam:GetRole",
            "iam:ListAttachedRolePolicies",
            "iam:ListRolePolicies",
            "iam:GetRolePolicy");
    static final String ADMIN_POLICY = "AdministratorAccess";

    @Inject
    public PrincipalContextStep(AwsClients clients) {
        super(NAME, PERMISSIONS, clients);
    }

    @Override
    public List<String> targets(SecurityEvent event) {
        Set<String> out = new LinkedHashSet<>();
        Resource user = event.resource("AWS::IAM::User");
        if (user != null && (user.id() != null || user.arn() != null)) {
            out.add("user/" + IamNames.nameOf(user.id() != null ? user.id() : user.arn()));
        }
        // GuardDuty names the key's owner; for an instance role the "user" is the role
        Object key = EventDetail.at(event.detail(), "resource.accessKeyDetails");
        String keyUser = EventDetail.text(key, "userName");
        String keyUserType = EventDetail.text(key, "userType");
        if (keyUser != null && "IAMUser".equals(keyUserType)) {
            out.add("user/" + keyUser);
        } else if (keyUser != null && "AssumedRole".equals(keyUserType)) {
            out.add("role/" + keyUser);
        }
        Principal p = event.principal();
        if (p != null && "IAMUser".equals(p.type()) && p.name() != null) {
            out.add("user/" + p.name());
        } else if (p != null
                && "AssumedRole".equals(p.type())
                && p.arn() != null
                && p.arn().contains(":assumed-role/")) {
            String rest = p.arn().substring(p.arn().indexOf(":assumed-role/") + ":assumed-role/".length());
            int slash = rest.indexOf('/');
            out.add("role/" + (slash < 0 ? rest : rest.substring(0, slash)));
        }
        return List.copyOf(out);
    }

    @Override
    public Object gather(ActionContext ctx, String target, Consumer<String> problems) {
        IamClient iam = clients.iam(ctx);
        String eventId = ctx.event().id();
        if (target.startsWith("role/")) {
            return role(iam, eventId, target.substring("role/".length()), problems);
        }
        if (target.startsWith("user/")) {
            return user(iam, eventId, target.substring("user/".length()), problems);
        }
        throw new IllegalArgumentException("not an IAM principal target (user/NAME or role/NAME): " + target);
    }

    private PrincipalContext user(IamClient iam, String eventId, String name, Consumer<String> problems) {
        User u = iam.getUser(r -> r.userName(name)).user();
        Part part = new Part(problems);
        // every list pages (the paginators follow IsTruncated/Marker): a principal with many policies or groups is
        // exactly the one not to judge on its first page
        List<AttachedPolicy> attached = part.get(
                "ListAttachedUserPolicies",
                List.of(),
                () -> iam.listAttachedUserPoliciesPaginator(r -> r.userName(name)).attachedPolicies().stream()
                        .toList());
        List<String> inline = part.get(
                "ListUserPolicies",
                List.of(),
                () -> iam.listUserPoliciesPaginator(r -> r.userName(name)).policyNames().stream()
                        .toList());
        List<String> groups = part.get(
                "ListGroupsForUser",
                List.of(),
                () -> iam.listGroupsForUserPaginator(r -> r.userName(name)).groups().stream()
                        .map(g -> g.groupName())
                        .toList());
        boolean admin = isAdmin(attached);
        for (String p : inline) {
            admin |= part.get(
                    "GetUserPolicy " + p,
                    false,
                    () -> grantsEverything(
                            iam.getUserPolicy(r -> r.userName(name).policyName(p))
                                    .policyDocument()));
        }
        for (String g : groups) {
            admin |= isAdmin(part.get(
                    "ListAttachedGroupPolicies " + g,
                    List.of(),
                    () -> iam.listAttachedGroupPoliciesPaginator(r -> r.groupName(g)).attachedPolicies().stream()
                            .toList()));
            for (String p : part.get(
                    "ListGroupPolicies " + g,
                    List.<String>of(),
                    () -> iam.listGroupPoliciesPaginator(r -> r.groupName(g)).policyNames().stream()
                            .toList())) {
                admin |= part.get(
                        "GetGroupPolicy " + g + " " + p,
                        false,
                        () -> grantsEverything(
                                iam.getGroupPolicy(r -> r.groupName(g).policyName(p))
                                        .policyDocument()));
            }
        }
        List<PrincipalContext.AccessKey> keys = new ArrayList<>();
        for (AccessKeyMetadata k : part.get(
                "ListAccessKeys",
                List.<AccessKeyMetadata>of(),
                () -> iam.listAccessKeysPaginator(r -> r.userName(name)).accessKeyMetadata().stream()
                        .toList())) {
            AccessKeyLastUsed used = part.get(
                    "GetAccessKeyLastUsed " + k.accessKeyId(),
                    null,
                    () -> iam.getAccessKeyLastUsed(r -> r.accessKeyId(k.accessKeyId()))
                            .accessKeyLastUsed());
            keys.add(new PrincipalContext.AccessKey(
                    k.accessKeyId(),
                    k.statusAsString(),
                    k.createDate(),
                    used == null ? null : used.lastUsedDate(),
                    used == null ? null : nullIfNa(used.serviceName()),
                    used == null ? null : nullIfNa(used.region())));
        }
        Boolean console = part.get("GetLoginProfile", false, () -> {
            try {
                iam.getLoginProfile(r -> r.userName(name));
                return true;
            } catch (NoSuchEntityException e) { // IAM's way of saying "no console password"
                return false;
            }
        });
        boolean mfa = part.get(
                "ListMFADevices",
                false,
                () -> !iam.listMFADevices(r -> r.userName(name)).mfaDevices().isEmpty());
        return new PrincipalContext(
                eventId,
                u.arn(),
                "IAMUser",
                u.userName(),
                tags(u.tags()),
                admin,
                policyNames(attached, inline),
                mfa,
                console,
                keys,
                groups,
                part.complete);
    }

    private PrincipalContext role(IamClient iam, String eventId, String name, Consumer<String> problems) {
        Role role = iam.getRole(r -> r.roleName(name)).role();
        Part part = new Part(problems);
        List<AttachedPolicy> attached = part.get(
                "ListAttachedRolePolicies",
                List.of(),
                () -> iam.listAttachedRolePoliciesPaginator(r -> r.roleName(name)).attachedPolicies().stream()
                        .toList());
        List<String> inline = part.get(
                "ListRolePolicies",
                List.of(),
                () -> iam.listRolePoliciesPaginator(r -> r.roleName(name)).policyNames().stream()
                        .toList());
        boolean admin = isAdmin(attached);
        for (String p : inline) {
            admin |= part.get(
                    "GetRolePolicy " + p,
                    false,
                    () -> grantsEverything(
                            iam.getRolePolicy(r -> r.roleName(name).policyName(p))
                                    .policyDocument()));
        }
        return new PrincipalContext(
                eventId,
                role.arn(),
                "IAMRole",
                role.roleName(),
                tags(role.tags()),
                admin,
                policyNames(attached, inline),
                false,
                false,
                List.of(),
                List.of(),
                part.complete);
    }

    static boolean isAdmin(List<AttachedPolicy> attached) {
        return attached.stream()
                .anyMatch(p -> p.policyArn() != null && p.policyArn().endsWith(":policy/" + ADMIN_POLICY));
    }

    /**
     * An inline policy document (IAM returns it URL-encoded) with an {@code Allow} of action {@code *} or {@code *:*}
     * on resource {@code *}: admin-equivalent, whatever its name. A condition on such a statement does not make it
     * safe enough to ignore, so it still counts.
     */
    static boolean grantsEverything(String document) {
        String json = document.trim().startsWith("{") ? document : URLDecoder.decode(document, StandardCharsets.UTF_8);
        for (Map<String, Object> st : PolicyStatements.statements(PolicyStatements.parse(json))) {
            if ("allow".equalsIgnoreCase(String.valueOf(st.get("Effect")))
                    && (has(st.get("Action"), "*") || has(st.get("Action"), "*:*"))
                    && has(st.get("Resource"), "*")) {
                return true;
            }
        }
        return false;
    }

    private static boolean has(Object value, String wanted) {
        return wanted.equals(value) || (value instanceof List<?> l && l.contains(wanted));
    }

    private static List<String> policyNames(List<AttachedPolicy> attached, List<String> inline) {
        List<String> out = new ArrayList<>();
        attached.forEach(p -> out.add(p.policyName()));
        inline.forEach(n -> out.add("inline:" + n));
        return out;
    }

    private static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> m = new LinkedHashMap<>();
        tags.forEach(t -> m.put(t.key(), t.value()));
        return m;
    }

    /** GetAccessKeyLastUsed says {@code N/A} for a key never used. */
    private static String nullIfNa(String s) {
        return s == null || "N/A".equals(s) ? null : s;
    }

    @Override
    public Object forEvent(Object context, String eventId) {
        return ((PrincipalContext) context).withEventId(eventId);
    }

    /** Reads one optional part: an AWS error is told to the problems and the fallback used. */
    private static final class Part {
        private final Consumer<String> problems;
        boolean complete = true;

        Part(Consumer<String> problems) {
            this.problems = problems;
        }

        <T> T get(String operation, T fallback, Supplier<T> read) {
            try {
                return read.get();
            } catch (IllegalArgumentException e) { // a policy document that is not JSON
                complete = false;
                problems.accept(operation + ": " + e.getMessage());
                return fallback;
            } catch (AwsServiceException e) {
                complete = false;
                String code = e.awsErrorDetails() == null
                        ? "Unknown"
                        : e.awsErrorDetails().errorCode();
                String message = e.awsErrorDetails() == null
                        ? e.getMessage()
                        : e.awsErrorDetails().errorMessage();
                problems.accept(operation + ": " + code + ": " + message);
                return fallback;
            }
        }
    }
}
