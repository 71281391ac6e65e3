package dev.riposte.guard;

import dev.riposte.fact.Principal;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Isolation-worthy GuardDuty events about instances (account ids scrubbed). */
final class Events {
    static final String ACCOUNT = "111122223333";
    static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    private Events() {
    }

    static Resource instance(String id, String account, Map<String, String> tags) {
        return new Resource("AWS::EC2::Instance", id, "arn:aws:ec2:us-east-1:" + account + ":instance/" + id, account,
                "us-east-1", tags);
    }

    static SecurityEvent tor(int n, String account, Map<String, String> tags) {
        String id = String.format("i-%017x", n);
        return new SecurityEvent("evt-" + n, "guardduty", "UnauthorizedAccess:EC2/TorClient", T0.plusSeconds(n), account,
                "us-east-1", 8.0, null, List.of(instance(id, account, tags)), null, Map.of());
    }

    static SecurityEvent byPrincipal(String arn) {
        return new SecurityEvent("evt-self", "cloudtrail", "AuthorizeSecurityGroupIngress", T0, ACCOUNT, "us-east-1", null,
                new Principal(arn, "AssumedRole", "RiposteResponder", "ASIAEXAMPLE", "10.0.0.1", ACCOUNT),
                List.of(instance("i-0000000000000abcd", ACCOUNT, Map.of())), "success", Map.of());
    }
}
