package dev.riposte.fact;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one way tests make {@link SecurityEvent}s: named fields instead of eleven positional ones, with the scrubbed
 * account, {@code us-east-1} and {@link #T0} unless a test says otherwise.
 * <pre>Events.guardDuty("UnauthorizedAccess:EC2/SSHBruteForce").id("evt-1").severity(8.0).instance("i-0abc").build()</pre>
 * Public: tests of every package use it.
 */
public final class Events {
    /** The scrubbed account id the fixtures use. */
    public static final String ACCOUNT = "111122223333";

    public static final String REGION = "us-east-1";
    /** The time events happen at unless a test sets another. */
    public static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    /** Numbers the events of {@link #finding} and {@link #call}, so that each is another event. */
    private static final AtomicInteger SEQ = new AtomicInteger();

    private Events() {}

    /** A GuardDuty {@code UnauthorizedAccess:EC2/TorClient} finding of severity 8 (id {@code evt-0001}). */
    public static Builder torClient() {
        return guardDuty("UnauthorizedAccess:EC2/TorClient").severity(8.0);
    }

    /** The {@code n}-th Tor finding, about its own instance {@code i-<n in hex>} of {@code account}, {@code n} s after T0. */
    public static SecurityEvent tor(int n, String account, Map<String, String> tags) {
        return torClient()
                .id("evt-" + n)
                .at(T0.plusSeconds(n))
                .account(account)
                .resources(instance(String.format("i-%017x", n), account, REGION, tags))
                .build();
    }

    /** A CloudTrail call by {@code arn} (an assumed role of the fixture account) on an instance. */
    public static SecurityEvent byPrincipal(String arn) {
        return cloudTrail("AuthorizeSecurityGroupIngress")
                .id("evt-self")
                .principal(new Principal(arn, "AssumedRole", "RiposteResponder", "ASIAEXAMPLE", "10.0.0.1", ACCOUNT))
                .resources(instance("i-0000000000000abcd"))
                .outcome("success")
                .build();
    }

    /** A GuardDuty finding about {@code resources}, numbered {@code gd-<n>} (the way the normalizer does, see docs/fact-model.md). */
    public static SecurityEvent finding(String type, double severity, Resource... resources) {
        return guardDuty(type)
                .id("gd-" + SEQ.incrementAndGet())
                .severity(severity)
                .resources(resources)
                .build();
    }

    /** A GuardDuty finding about an IAM user's access key, with the user as principal. */
    public static SecurityEvent keyFinding(String type, double severity, String accessKeyId, String userName) {
        Principal p = new Principal(
                "arn:aws:iam::" + ACCOUNT + ":user/" + userName,
                "IAMUser",
                userName,
                accessKeyId,
                "198.51.100.7",
                ACCOUNT);
        return guardDuty(type)
                .id("gd-" + SEQ.incrementAndGet())
                .severity(severity)
                .principal(p)
                .resources(resource("AWS::IAM::AccessKey", accessKeyId), resource("AWS::IAM::User", userName))
                .build();
    }

    /** A CloudTrail call, numbered {@code ct-<n>}. */
    public static SecurityEvent call(
            String eventName, String outcome, Instant time, Principal principal, Resource... resources) {
        return cloudTrail(eventName)
                .id("ct-" + SEQ.incrementAndGet())
                .at(time)
                .principal(principal)
                .resources(resources)
                .outcome(outcome)
                .build();
    }

    /** alice's console login from {@code ip}. */
    public static SecurityEvent consoleLogin(String outcome, Instant time, String ip) {
        return call("ConsoleLogin", outcome, time, iamUser("alice", ip));
    }

    /** An ingress permission the event {@code e} opened. */
    public static IngressPermission ingress(
            SecurityEvent e, String group, String protocol, Integer from, Integer to, String cidr) {
        return new IngressPermission(e.id(), group, protocol, from, to, cidr);
    }

    /** A Tor finding whose raw source document is the fixture {@code src/test/resources/dispatch/<fixture>}. */
    public static SecurityEvent withDetail(String fixture) {
        return torClient().detail(detail(fixture)).build();
    }

    /** A raw source document from {@code src/test/resources/dispatch/}. */
    public static Map<String, Object> detail(String fixture) {
        try (InputStream in = Events.class.getResourceAsStream("/dispatch/" + fixture)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + fixture);
            }
            return new ObjectMapper().readValue(in, new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A GuardDuty finding of {@code type} (id {@code evt-0001}). */
    public static Builder guardDuty(String type) {
        return new Builder("guardduty", type);
    }

    /** A CloudTrail call ({@code type} = eventName; id {@code evt-0001}). */
    public static Builder cloudTrail(String eventName) {
        return new Builder("cloudtrail", eventName);
    }

    /** An event of any {@code source} ({@code securityhub}, {@code config}, {@code custom}...). */
    public static Builder event(String source, String type) {
        return new Builder(source, type);
    }

    /** An EC2 instance in {@code account} and {@code region}, with its ARN and the tags the event carries. */
    public static Resource instance(String id, String account, String region, Map<String, String> tags) {
        return new Resource(
                "AWS::EC2::Instance",
                id,
                "arn:aws:ec2:" + region + ":" + account + ":instance/" + id,
                account,
                region,
                tags);
    }

    /** An untagged EC2 instance of the fixture account in {@code us-east-1}. */
    public static Resource instance(String id) {
        return instance(id, REGION);
    }

    /** An untagged EC2 instance of the fixture account in {@code region}. */
    public static Resource instance(String id, String region) {
        return instance(id, ACCOUNT, region, Map.of());
    }

    /** A resource as a normalizer without an ARN gives it: fixture account, {@code us-east-1}. */
    public static Resource resource(String type, String id) {
        return new Resource(type, id, null, ACCOUNT, REGION, Map.of());
    }

    /** An IAM user of the fixture account acting from {@code ip}. */
    public static Principal iamUser(String name, String ip) {
        return new Principal("arn:aws:iam::" + ACCOUNT + ":user/" + name, "IAMUser", name, null, ip, ACCOUNT);
    }

    /** The fixture account's root user acting from {@code ip}. */
    public static Principal root(String ip) {
        return new Principal("arn:aws:iam::" + ACCOUNT + ":root", "Root", null, null, ip, ACCOUNT);
    }

    /** Builds one event; every field has the default above until set. */
    public static final class Builder {
        private String id = "evt-0001";
        private String source;
        private String type;
        private Instant time = T0;
        private String account = ACCOUNT;
        private String region = REGION;
        private Double severity;
        private Principal principal;
        private final List<Resource> resources = new ArrayList<>();
        private String outcome;
        private Map<String, Object> detail = Map.of();

        private Builder(String source, String type) {
            this.source = source;
            this.type = type;
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder source(String source) {
            this.source = source;
            return this;
        }

        public Builder type(String type) {
            this.type = type;
            return this;
        }

        public Builder at(Instant time) {
            this.time = time;
            return this;
        }

        public Builder account(String account) {
            this.account = account;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder severity(Double severity) {
            this.severity = severity;
            return this;
        }

        public Builder principal(Principal principal) {
            this.principal = principal;
            return this;
        }

        /** Adds resources, in order. */
        public Builder resources(Resource... resources) {
            this.resources.addAll(List.of(resources));
            return this;
        }

        /** Adds resources, in order. */
        public Builder resources(List<Resource> resources) {
            this.resources.addAll(resources);
            return this;
        }

        /** Adds an untagged EC2 instance in the event's account and region (as set so far). */
        public Builder instance(String instanceId) {
            return resources(Events.instance(instanceId, account, region, Map.of()));
        }

        /** {@code success|failure} of an API call or login. */
        public Builder outcome(String outcome) {
            this.outcome = outcome;
            return this;
        }

        /** The raw source document. */
        public Builder detail(Map<String, Object> detail) {
            this.detail = detail;
            return this;
        }

        /** Adds one top-level entry to the raw source document. */
        public Builder detail(String key, Object value) {
            Map<String, Object> d = new LinkedHashMap<>(detail);
            d.put(key, value);
            this.detail = d;
            return this;
        }

        public SecurityEvent build() {
            return new SecurityEvent(
                    id, source, type, time, account, region, severity, principal, resources, outcome, detail);
        }
    }
}
