package dev.riposte.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS as {@code riposte bench --serve} needs it: a local HTTP server answering every call that {@code serve} makes on
 * the bench's events in the service's own protocol (EC2 and IAM query XML, JSON 1.1, REST JSON, S3 REST XML), the way
 * AWS answers an account that holds what the events name: any instance exists (running, one interface, in its own VPC
 * whose quarantine group exists), tags are empty, a bucket has no policy, GuardDuty has one detector and no other
 * finding. Each answer comes after {@code latency}, an AWS call's round trip. It keeps no state and counts the calls by
 * service and operation, so the bench can say what was sent.
 */
final class AwsStandIn implements AutoCloseable {
    static final String EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
    static final String QUARANTINE = "sg-0999999999999999a";
    private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/[^/]+/([^/]+)/aws4_request");

    private final HttpServer server;
    private final ExecutorService threads;
    private final long latencyMs;
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

    private AwsStandIn(Duration latency) throws IOException {
        this.latencyMs = latency.toMillis();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        threads = Executors.newFixedThreadPool(32, r -> {
            Thread t = new Thread(r, "aws-stand-in");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::answer);
        server.start();
    }

    static AwsStandIn start(Duration latency) throws IOException {
        return new AwsStandIn(latency);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Calls answered so far, by {@code service:Operation}, in name order. */
    Map<String, Long> calls() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    long total() {
        return calls.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private record Reply(int status, String contentType, String body) {
        static Reply xml(String body) {
            return new Reply(200, "text/xml;charset=UTF-8", body);
        }

        static Reply json(String body) {
            return new Reply(200, "application/json", body);
        }
    }

    private void answer(HttpExchange x) throws IOException {
        try (x) {
            byte[] in = x.getRequestBody().readAllBytes();
            String auth = String.valueOf(x.getRequestHeaders().getFirst("Authorization"));
            Matcher m = SCOPE.matcher(auth);
            String service = m.find() ? m.group(1) : "unknown";
            String target = x.getRequestHeaders().getFirst("X-Amz-Target");
            Reply reply;
            String operation;
            if (target != null) { // JSON 1.0/1.1: CloudTrail LookupEvents, ...
                operation = target.substring(target.lastIndexOf('.') + 1);
                reply = new Reply(200, "application/x-amz-json-1.1", "{}");
            } else if (service.equals("s3") || service.equals("s3control")) {
                String sub = subresource(x.getRequestURI());
                operation = x.getRequestMethod() + (sub.isEmpty() ? " bucket" : " ?" + sub);
                reply = s3(x.getRequestMethod(), subresource(x.getRequestURI()));
            } else {
                Map<String, String> form = form(new String(in, StandardCharsets.UTF_8));
                operation = form.get("Action");
                if (operation != null) {
                    reply = service.equals("ec2") ? ec2(operation, form) : query(service, operation);
                } else { // REST JSON: GuardDuty, Security Hub
                    operation = x.getRequestMethod() + " "
                            + x.getRequestURI().getPath().replaceFirst("^/detector/[^/]+", "/detector/{detectorId}");
                    reply = restJson(x.getRequestURI().getPath());
                }
            }
            calls.computeIfAbsent(service + ":" + operation, k -> new LongAdder())
                    .increment();
            if (latencyMs > 0) {
                Thread.sleep(latencyMs);
            }
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", reply.contentType());
            x.getResponseHeaders().set("x-amzn-RequestId", "stand-in");
            x.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream o = x.getResponseBody()) {
                    o.write(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Reply ec2(String action, Map<String, String> p) {
        String head = "<" + action + "Response xmlns=\"" + EC2_NS + "\"><requestId>stand-in</requestId>";
        String tail = "</" + action + "Response>";
        return Reply.xml(
                switch (action) {
                    case "DescribeInstances" ->
                        head + reservation(p.getOrDefault("InstanceId.1", "i-0000000000000000")) + tail;
                    case "DescribeSecurityGroups" ->
                        head + "<securityGroupInfo><item><ownerId>111122223333</ownerId><groupId>" + QUARANTINE
                                + "</groupId><groupName>" + p.getOrDefault("Filter.1.Value.1", "riposte-quarantine")
                                + "</groupName><groupDescription>quarantine</groupDescription><vpcId>"
                                + p.getOrDefault("Filter.2.Value.1", "vpc-0000000000000000")
                                + "</vpcId><ipPermissions/><ipPermissionsEgress/></item></securityGroupInfo>" + tail;
                    case "DescribeTags" -> head + "<tagSet/>" + tail;
                    default -> action.startsWith("Describe") ? head + tail : head + "<return>true</return>" + tail;
                });
    }

    /** An instance in its own VPC with one interface, as DescribeInstances shows a running instance. */
    private static String reservation(String id) {
        String n = id.substring(id.indexOf('-') + 1);
        String vpc = "vpc-" + n;
        return "<reservationSet><item><reservationId>r-" + n + "</reservationId><ownerId>111122223333</ownerId>"
                + "<instancesSet><item><instanceId>" + id + "</instanceId><imageId>ami-0a1b2c3d4e5f60001</imageId>"
                + "<instanceState><code>16</code><name>running</name></instanceState><instanceType>t3.medium"
                + "</instanceType><vpcId>" + vpc + "</vpcId><groupSet><item><groupId>sg-0a1b2c3d4e5f60718</groupId>"
                + "<groupName>web</groupName></item></groupSet><tagSet/><networkInterfaceSet><item>"
                + "<networkInterfaceId>eni-" + n + "</networkInterfaceId><subnetId>subnet-0123456789abcdef0</subnetId>"
                + "<vpcId>" + vpc + "</vpcId><ownerId>111122223333</ownerId><status>in-use</status><groupSet><item>"
                + "<groupId>sg-0a1b2c3d4e5f60718</groupId><groupName>web</groupName></item></groupSet></item>"
                + "</networkInterfaceSet></item></instancesSet></item></reservationSet>";
    }

    /** IAM, STS and the other query services: an empty result. */
    private static Reply query(String service, String action) {
        return Reply.xml("<" + action + "Response xmlns=\"https://" + service + ".amazonaws.com/doc/\"><" + action
                + "Result/><ResponseMetadata><RequestId>stand-in</RequestId></ResponseMetadata></" + action
                + "Response>");
    }

    /** S3 without the configuration asked for answers 404 with its code; writes succeed. */
    private static Reply s3(String method, String subresource) {
        if (!method.equals("GET")) {
            return new Reply(method.equals("DELETE") ? 204 : 200, "application/xml", "");
        }
        String code = switch (subresource) {
            case "policy" -> "NoSuchBucketPolicy";
            case "tagging" -> "NoSuchTagSet";
            case "publicAccessBlock" -> "NoSuchPublicAccessBlockConfiguration";
            default -> null;
        };
        if (code == null) {
            return new Reply(200, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Result/>");
        }
        return new Reply(
                404,
                "application/xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + code
                        + "</Message><RequestId>stand-in</RequestId></Error>");
    }

    private static Reply restJson(String path) {
        if (path.equals("/detector")) {
            return Reply.json("{\"detectorIds\":[\"12abc34d567e8fa901bc2d34e56789f0\"]}");
        }
        if (path.endsWith("/findings")) {
            return Reply.json("{\"findingIds\":[]}");
        }
        return Reply.json("{\"findings\":[],\"Findings\":[]}");
    }

    private static String subresource(URI uri) {
        String q = uri.getRawQuery();
        if (q == null || q.isEmpty()) {
            return "";
        }
        int amp = q.indexOf('&');
        String first = amp < 0 ? q : q.substring(0, amp);
        int eq = first.indexOf('=');
        return eq < 0 ? first : first.substring(0, eq);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> m = new HashMap<>();
        if (body.isEmpty() || body.charAt(0) == '{') {
            return m;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            m.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
