package dev.riposte.rules;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.riposte.fact.IngressPermission;
import dev.riposte.fact.Principal;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;

/** Builds facts the way the normalizer does (see docs/fact-model.md), mirroring samples/. */
final class Facts {

    static final String ACCOUNT = "111122223333";
    static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    private static int seq;

    private Facts() {
    }

    static SecurityEvent guardDuty(String type, double severity, Resource... resources) {
        return new SecurityEvent("gd-" + (++seq), "guardduty", type, T0, ACCOUNT, "us-east-1", severity, null,
                List.of(resources), null, Map.of());
    }

    static SecurityEvent guardDutyKey(String type, double severity, String accessKeyId, String userName) {
        Principal p = new Principal("arn:aws:iam::" + ACCOUNT + ":user/" + userName, "IAMUser", userName, accessKeyId,
                "198.51.100.7", ACCOUNT);
        return new SecurityEvent("gd-" + (++seq), "guardduty", type, T0, ACCOUNT, "us-east-1", severity, p,
                List.of(resource("AWS::IAM::AccessKey", accessKeyId), resource("AWS::IAM::User", userName)), null, Map.of());
    }

    static Resource instance(String id) {
        return resource("AWS::EC2::Instance", id);
    }

    static Resource resource(String type, String id) {
        return new Resource(type, id, null, ACCOUNT, "us-east-1", Map.of());
    }

    static SecurityEvent cloudTrail(String eventName, String outcome, Instant time, Principal principal,
                                    Resource... resources) {
        return new SecurityEvent("ct-" + (++seq), "cloudtrail", eventName, time, ACCOUNT, "us-east-1", null, principal,
                List.of(resources), outcome, Map.of());
    }

    static Principal iamUser(String name, String ip) {
        return new Principal("arn:aws:iam::" + ACCOUNT + ":user/" + name, "IAMUser", name, null, ip, ACCOUNT);
    }

    static Principal root(String ip) {
        return new Principal("arn:aws:iam::" + ACCOUNT + ":root", "Root", null, null, ip, ACCOUNT);
    }

    static SecurityEvent consoleLogin(String outcome, Instant time, String ip) {
        return cloudTrail("ConsoleLogin", outcome, time, iamUser("alice", ip));
    }

    static IngressPermission ingress(SecurityEvent e, String group, String protocol, Integer from, Integer to, String cidr) {
        return new IngressPermission(e.id(), group, protocol, from, to, cidr);
    }
}
