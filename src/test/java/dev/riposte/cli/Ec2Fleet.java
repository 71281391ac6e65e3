package dev.riposte.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.riposte.aws.client.AwsWire;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * EC2 as a fleet of many instances, for the failover tests: WireMock answering every instance id {@code i-<n>} with
 * an instance in its own VPC ({@code vpc-<n>}, one interface {@code eni-<n>} in group {@link #OLD_GROUP}) whose VPC
 * already has an empty quarantine group, so isolating one instance makes exactly two mutating calls, both naming the
 * instance: {@code CreateTags} (resource {@code i-<n>}) and {@code ModifyNetworkInterfaceAttribute} ({@code eni-<n>}).
 * It keeps no state: an isolation carried out twice sends its mutations twice, which the journal then shows.
 * Each replica signs with its own access key id ({@link #accessKey}), so the journal tells which replica made a call.
 */
final class Ec2Fleet implements AutoCloseable {
    static final String NS = AwsWire.EC2_NS;
    static final String OLD_GROUP = "sg-0a1b2c3d4e5f60718";
    static final String QUARANTINE = "sg-0999999999999999a";
    private static final String KEY_PREFIX = "AKIDREPLICA";
    private static final DateTimeFormatter SIGV4_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** One request as EC2 received it: from which replica (access key), when, with its form parameters. */
    /**
     * @param at       when the request had arrived whole (WireMock logs it once its body is read)
     * @param signedAt when the replica signed it, from {@code X-Amz-Date} (whole seconds): the SDK signs each attempt
     *     just before its last lease check and the socket write, so this is when the replica decided to send it
     */
    record Call(String replica, Instant at, Instant signedAt, Map<String, String> params) {
        String action() {
            return params.get("Action");
        }

        boolean mutating() {
            return !action().startsWith("Describe");
        }

        /** The instance a mutation is about ({@code eni-<n>} stands for {@code i-<n>}). */
        String instance() {
            String r = params.get("ResourceId.1");
            if (r != null) {
                return r;
            }
            String eni = params.get("NetworkInterfaceId");
            return eni == null ? null : "i-" + eni.substring("eni-".length());
        }
    }

    private final WireMockServer server;
    private volatile long describeInstancesDelayMs;
    private final Map<String, AtomicInteger> waiting = new ConcurrentHashMap<>();

    Ec2Fleet() {
        server = new WireMockServer(
                options().dynamicPort().containerThreads(24).jettyAcceptors(1).extensions(new Answer()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500).withBody("replaced by the transformer")));
    }

    static String instance(int n) {
        return String.format("i-%017x", 0x10000 + n);
    }

    String endpoint() {
        return server.baseUrl();
    }

    /** DescribeInstances answers only after this long (an AWS call in flight when a replica is paused). */
    void slowDescribeInstances(long ms) {
        describeInstancesDelayMs = ms;
    }

    /** DescribeInstances requests of {@code replica} being answered (slowly) right now. */
    int waiting(String replica) {
        AtomicInteger w = waiting.get(replica);
        return w == null ? 0 : w.get();
    }

    /** The replica that signed the request: its access key id is {@link #accessKey}(replica). */
    private static Instant signedAt(ServeEvent e) {
        String date = e.getRequest().getHeader("X-Amz-Date");
        return date == null ? null : SIGV4_DATE.parse(date, Instant::from);
    }

    private static String replica(ServeEvent e) {
        String auth = String.valueOf(e.getRequest().getHeader("Authorization"));
        int at = auth.indexOf("Credential=" + KEY_PREFIX);
        if (at < 0) {
            return "";
        }
        String rest = auth.substring(at + "Credential=".length() + KEY_PREFIX.length());
        return rest.substring(0, rest.indexOf('/')).toLowerCase(Locale.ROOT);
    }

    /** The access key id a replica signs with, so the journal tells the replicas apart. */
    static String accessKey(String replica) {
        return KEY_PREFIX + replica.toUpperCase(Locale.ROOT);
    }

    List<Call> calls() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        Collections.reverse(events);
        List<Call> out = new ArrayList<>();
        for (ServeEvent e : events) {
            out.add(new Call(
                    replica(e),
                    e.getRequest().getLoggedDate().toInstant(),
                    signedAt(e),
                    AwsWire.form(e.getRequest().getBodyAsString())));
        }
        return out;
    }

    List<Call> mutations() {
        return calls().stream().filter(Call::mutating).toList();
    }

    private final class Answer implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Map<String, String> p = AwsWire.form(event.getRequest().getBodyAsString());
            String action = String.valueOf(p.get("Action"));
            String xml = switch (action) {
                case "DescribeTags" ->
                    "<DescribeTagsResponse xmlns=\"" + NS + "\"><requestId>req-DescribeTags</requestId><tagSet/>"
                            + "</DescribeTagsResponse>";
                case "DescribeInstances" -> {
                    long delay = describeInstancesDelayMs;
                    if (delay > 0) {
                        AtomicInteger w = waiting.computeIfAbsent(replica(event), k -> new AtomicInteger());
                        w.incrementAndGet();
                        try {
                            Thread.sleep(delay);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            w.decrementAndGet();
                        }
                    }
                    yield describeInstances(p.get("InstanceId.1"));
                }
                case "DescribeSecurityGroups" ->
                    "<DescribeSecurityGroupsResponse xmlns=\"" + NS + "\"><requestId>req-DescribeSecurityGroups"
                            + "</requestId><securityGroupInfo><item><ownerId>111122223333</ownerId><groupId>"
                            + QUARANTINE + "</groupId>"
                            + "<groupName>" + p.get("Filter.1.Value.1")
                            + "</groupName><groupDescription>quarantine</groupDescription>"
                            + "<vpcId>" + p.get("Filter.2.Value.1")
                            + "</vpcId><ipPermissions/><ipPermissionsEgress/></item>"
                            + "</securityGroupInfo></DescribeSecurityGroupsResponse>";
                case "CreateTags", "ModifyNetworkInterfaceAttribute" -> AwsWire.ec2Return(action);
                default -> null;
            };
            if (xml == null) {
                return aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "text/xml")
                        .withBody(AwsWire.ec2Error("InvalidAction", "not in the fake: " + action))
                        .build();
            }
            return aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/xml;charset=UTF-8")
                    .withBody(xml)
                    .build();
        }

        @Override
        public String getName() {
            return "ec2-fleet";
        }
    }

    private static String describeInstances(String id) {
        String n = id.substring("i-".length());
        String vpc = "vpc-" + n;
        String eni = "eni-" + n;
        return "<DescribeInstancesResponse xmlns=\"" + NS + "\"><requestId>req-DescribeInstances</requestId>"
                + "<reservationSet><item><reservationId>r-" + n + "</reservationId><ownerId>111122223333</ownerId>"
                + "<instancesSet><item><instanceId>" + id + "</instanceId><imageId>ami-0a1b2c3d4e5f60001</imageId>"
                + "<instanceState><code>16</code><name>running</name></instanceState><instanceType>t3.medium</instanceType>"
                + "<vpcId>" + vpc + "</vpcId><groupSet><item><groupId>" + OLD_GROUP
                + "</groupId><groupName>web</groupName></item></groupSet>"
                + "<tagSet/><networkInterfaceSet><item><networkInterfaceId>" + eni + "</networkInterfaceId>"
                + "<subnetId>subnet-0123456789abcdef0</subnetId><vpcId>" + vpc
                + "</vpcId><ownerId>111122223333</ownerId>"
                + "<status>in-use</status><groupSet><item><groupId>" + OLD_GROUP
                + "</groupId><groupName>web</groupName></item>"
                + "</groupSet></item></networkInterfaceSet></item></instancesSet></item></reservationSet></DescribeInstancesResponse>";
    }

    @Override
    public void close() {
        server.stop();
    }
}
