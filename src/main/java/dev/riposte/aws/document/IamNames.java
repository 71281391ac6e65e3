package dev.riposte.aws.document;

import dev.riposte.fact.Principal;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.util.List;
import java.util.regex.Pattern;

/**
 * IAM names from command targets and events. Public: the iam actions and the IAM principal investigation step read them.
 */
public final class IamNames {
    private static final Pattern ACCESS_KEY = Pattern.compile("(AKIA|ASIA)[A-Z0-9]{12,124}");

    private IamNames() {}

    /** An IAM user or role, as a command target names it. */
    public record Identity(String kind, String name, String partition) {
        public boolean isUser() {
            return "user".equals(kind);
        }
    }

    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,128}");

    /**
     * A user or role from its ARN ({@code arn:aws:iam::1:user/path/alice}, {@code ...:role/x}), an STS session ARN
     * ({@code arn:aws:sts::1:assumed-role/x/session} names role x), or a bare name with {@code kind} given
     * ({@code user|role}); null when it names neither.
     */
    public static Identity identity(String target, String kind) {
        if (target == null) {
            return null;
        }
        if (target.startsWith("arn:")) {
            String[] parts = target.split(":", 6);
            if (parts.length < 6) {
                return null;
            }
            String resource = parts[5];
            String[] segs = resource.split("/");
            if ("iam".equals(parts[2]) && (resource.startsWith("user/") || resource.startsWith("role/"))) {
                return new Identity(segs[0], segs[segs.length - 1], parts[1]);
            }
            if ("sts".equals(parts[2]) && resource.startsWith("assumed-role/") && segs.length >= 2) {
                return new Identity("role", segs[1], parts[1]);
            }
            return null;
        }
        return ("user".equals(kind) || "role".equals(kind))
                        && NAME.matcher(target).matches()
                ? new Identity(kind, target, "aws")
                : null;
    }

    public static Identity requireIdentity(String target, String kind, String what) {
        Identity id = identity(target, kind);
        if (id == null) {
            throw new IllegalArgumentException("target '" + target + "' is not " + what);
        }
        return id;
    }

    /** Problems with a target that must be an IAM user (name or user ARN), for {@code action}'s check. */
    public static List<String> checkUser(String action, String target) {
        Identity id = identity(target, "user");
        return id == null || !id.isUser()
                ? List.of(action + " target '" + target + "' is not an IAM user name or user ARN")
                : List.of();
    }

    public static String requireUser(String target) {
        return requireIdentity(target, "user", "an IAM user").name();
    }

    public static boolean isAccessKeyId(String s) {
        return s != null && ACCESS_KEY.matcher(s).matches();
    }

    /** The last path segment of an IAM ARN ({@code arn:aws:iam::1:user/path/name} -> {@code name}), else {@code s}. */
    public static String nameOf(String s) {
        return s != null && s.startsWith("arn:") ? s.substring(s.lastIndexOf('/') + 1) : s;
    }

    /**
     * Who owns {@code accessKeyId}: the explicit user name, else the event's IAM user resource, else the
     * user GuardDuty reports for that key, else the acting principal when it is an IAM user that used that key.
     */
    public static String keyOwner(String explicit, SecurityEvent event, String accessKeyId) {
        if (explicit != null && !explicit.isBlank()) {
            return nameOf(explicit);
        }
        if (event == null) {
            return null;
        }
        Resource user = event.resource("AWS::IAM::User");
        if (user != null) {
            return nameOf(user.id() != null ? user.id() : user.arn());
        }
        Object keyDetails = EventDetail.at(event.detail(), "resource.accessKeyDetails");
        String reportedKey = EventDetail.text(keyDetails, "accessKeyId");
        String reportedUser = EventDetail.text(keyDetails, "userName");
        if (reportedUser != null
                && accessKeyId.equals(reportedKey)
                && "IAMUser".equals(EventDetail.text(keyDetails, "userType"))) {
            return reportedUser;
        }
        Principal p = event.principal();
        if (p != null
                && "IAMUser".equals(p.type())
                && p.name() != null
                && (p.accessKeyId() == null || p.accessKeyId().equals(accessKeyId))) {
            return p.name();
        }
        return null;
    }
}
