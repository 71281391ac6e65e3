package dev.riposte.aws.iam;

import dev.riposte.aws.EventDetail;
import dev.riposte.fact.Principal;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.util.regex.Pattern;

/** IAM names from command targets and events. */
final class IamNames {
    private static final Pattern ACCESS_KEY = Pattern.compile("(AKIA|ASIA)[A-Z0-9]{12,124}");

    private IamNames() {
    }

    static boolean isAccessKeyId(String s) {
        return s != null && ACCESS_KEY.matcher(s).matches();
    }

    /** The last path segment of an IAM ARN ({@code arn:aws:iam::1:user/path/name} -> {@code name}), else {@code s}. */
    static String nameOf(String s) {
        return s != null && s.startsWith("arn:") ? s.substring(s.lastIndexOf('/') + 1) : s;
    }

    /**
     * Who owns {@code accessKeyId}: the explicit user name, else the event's IAM user resource, else the
     * user GuardDuty reports for that key, else the acting principal when it is an IAM user that used that key.
     */
    static String keyOwner(String explicit, SecurityEvent event, String accessKeyId) {
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
        if (reportedUser != null && accessKeyId.equals(reportedKey)
                && "IAMUser".equals(EventDetail.text(keyDetails, "userType"))) {
            return reportedUser;
        }
        Principal p = event.principal();
        if (p != null && "IAMUser".equals(p.type()) && p.name() != null
                && (p.accessKeyId() == null || p.accessKeyId().equals(accessKeyId))) {
            return p.name();
        }
        return null;
    }
}
