package dev.riposte.normalize;

import dev.riposte.fact.ApiCall;
import dev.riposte.fact.Principal;
import dev.riposte.fact.SecurityEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** CloudTrail records: raw, from a log file's {@code Records}, or as the detail of an EventBridge event. */
final class CloudTrailMapper {
    private CloudTrailMapper() {}

    static boolean looksLike(View r) {
        return r.get("eventName").exists()
                && r.get("eventSource").exists()
                && (r.get("eventVersion").exists() || r.get("eventID").exists());
    }

    /**
     * A record as detection engineers write them in test cases and SIEMs export them: an {@code eventName} with at
     * least one other CloudTrail field, without {@code eventVersion} or {@code eventID}. Read as CloudTrail when no
     * other source claims the document, so what is missing is named ({@code CloudTrail record without eventTime}).
     */
    static boolean looksLikeMinimal(View r) {
        return r.get("eventName").exists()
                && (r.get("eventSource").exists()
                        || r.get("eventTime").exists()
                        || r.get("userIdentity").exists()
                        || r.get("awsRegion").exists()
                        || r.get("recipientAccountId").exists());
    }

    static Normalized map(View r, Envelope env) {
        r.requireObject("CloudTrail record");
        String name = r.get("eventName").requireText("CloudTrail record", "eventName");
        String id = r.text("eventID");
        if (id == null) {
            // records written before eventVersion 1.01 have no eventID (AWS's own documentation examples), nor have
            // the minimal records of rule test cases: a name-based UUID of the record keeps the id stable across
            // replays and deduplication
            id = "cloudtrail-" + UUID.nameUUIDFromBytes(r.raw().toString().getBytes(StandardCharsets.UTF_8));
        }
        // p_event_time: the event time Panther's data lake keeps beside (and in exports sometimes instead of) eventTime
        Instant time = env.timeOr(
                Times.first(r.get("eventTime"), r.get("p_event_time")), "CloudTrail record without eventTime");
        View ui = r.obj("userIdentity");
        String account = GuardDutyMapper.or(
                r.text("recipientAccountId"), GuardDutyMapper.or(ui.text("accountId"), env.account()));
        String region = GuardDutyMapper.or(r.text("awsRegion"), env.region());
        Principal principal = principal(ui, r.text("sourceIPAddress"), account);
        CloudTrailResources.Derived d = CloudTrailResources.derive(name, r, id, account, region, principal);
        SecurityEvent e = new SecurityEvent(
                id,
                "cloudtrail",
                name,
                time,
                account,
                region,
                null,
                principal,
                d.resources(),
                outcome(r, name),
                Plain.map(r.raw()));
        List<Object> related = new ArrayList<>(d.related());
        related.add(0, apiCall(r, id, name, ui));
        return new Normalized(e, related);
    }

    private static ApiCall apiCall(View r, String id, String name, View ui) {
        // a role switch from an MFA-authenticated session records MFAUsed "No" for the switch itself: either says yes
        Boolean used = yesNo(r.obj("additionalEventData").get("MFAUsed"));
        Boolean session = yesNo(ui.obj("sessionContext", "attributes").get("mfaAuthenticated"));
        Boolean mfa = Boolean.TRUE.equals(used) || Boolean.TRUE.equals(session)
                ? Boolean.TRUE
                : used != null ? used : session;
        return new ApiCall(
                id,
                r.text("eventSource"),
                name,
                r.text("eventType"),
                r.text("errorCode"),
                r.text("errorMessage"),
                yesNo(r.get("readOnly")),
                r.text("userAgent"),
                mfa,
                ui.obj("sessionContext", "sessionIssuer").text("arn"),
                r.text("vpcEndpointId"));
    }

    /** CloudTrail writes flags as booleans, "true"/"false" or "Yes"/"No"; anything else is unknown. */
    private static Boolean yesNo(View v) {
        if (!v.exists() || v.raw().isContainerNode()) {
            return null;
        }
        String s = v.raw().asText();
        if ("true".equalsIgnoreCase(s) || "yes".equalsIgnoreCase(s)) {
            return true;
        }
        if ("false".equalsIgnoreCase(s) || "no".equalsIgnoreCase(s)) {
            return false;
        }
        return null;
    }

    static String outcome(View r, String name) {
        if (r.text("errorCode") != null) {
            return "failure";
        }
        if ("ConsoleLogin".equals(name) || "CheckMfa".equals(name) || "ExitRole".equals(name)) {
            View resp = r.get("responseElements");
            for (View v : new View[] {resp.get("ConsoleLogin"), resp.get("CheckMfa")}) {
                if (v.exists()
                        && !v.raw().isContainerNode()
                        && "Failure".equalsIgnoreCase(v.raw().asText())) {
                    return "failure";
                }
            }
        }
        return "success";
    }

    /**
     * The acting identity; null when the record has no userIdentity. {@code account} (the record's
     * {@code recipientAccountId}) stands in for a missing {@code userIdentity.accountId} in the root's ARN.
     */
    static Principal principal(View ui, String sourceIp, String account) {
        if (!ui.exists()) {
            return sourceIp == null ? null : new Principal(null, "Unknown", null, null, sourceIp, null);
        }
        String type = ui.text("type");
        String name = switch (type == null ? "" : type) {
            case "AssumedRole" ->
                GuardDutyMapper.or(
                        ui.text("sessionContext", "sessionIssuer", "userName"), roleFromSessionArn(ui.text("arn")));
            case "Root" -> "root";
            case "AWSService" -> ui.text("invokedBy");
            case "FederatedUser" -> GuardDutyMapper.or(ui.text("userName"), tail(ui.text("arn")));
            case "IdentityCenterUser" -> GuardDutyMapper.or(ui.text("userName"), ui.text("onBehalfOf", "userId"));
            case "AWSAccount" -> GuardDutyMapper.or(ui.text("userName"), ui.text("accountId"));
            default -> GuardDutyMapper.or(ui.text("userName"), tail(ui.text("arn")));
        };
        String arn = ui.text("arn");
        String rootAccount = GuardDutyMapper.or(ui.text("accountId"), account);
        if (arn == null && "Root".equals(type) && rootAccount != null) {
            arn = Arns.build("iam", null, rootAccount, "root", false, true);
        } else if (arn == null && "IAMUser".equals(type)) {
            // failed console sign-ins record the user name but no ARN
            arn = Arns.iamUser(ui.text("accountId"), ui.text("userName"));
        }
        return new Principal(
                arn,
                type == null ? "Unknown" : type,
                name,
                ui.text("accessKeyId"),
                sourceIp,
                "Root".equals(type) ? rootAccount : ui.text("accountId"));
    }

    /** {@code arn:aws:sts::1:assumed-role/RoleName/session} gives {@code RoleName}. */
    private static String roleFromSessionArn(String arn) {
        if (arn == null || !arn.contains(":assumed-role/")) {
            return null;
        }
        String[] p = arn.substring(arn.indexOf(":assumed-role/") + ":assumed-role/".length())
                .split("/");
        return p.length > 0 ? p[0] : null;
    }

    private static String tail(String arn) {
        if (arn == null) {
            return null;
        }
        int i = Math.max(arn.lastIndexOf('/'), arn.lastIndexOf(':'));
        return i >= 0 && i < arn.length() - 1 ? arn.substring(i + 1) : null;
    }
}
