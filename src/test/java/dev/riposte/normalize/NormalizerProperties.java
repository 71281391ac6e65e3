package dev.riposte.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riposte.source.file.EventFiles;
import dev.riposte.source.file.RawInput;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Properties of the normalizer over inputs nobody would write by hand: random JSON trees, samples
 * and real-world events with fields dropped, renamed or retyped, deep nesting, huge strings, random
 * and truncated text, bytes that are not UTF-8. Each input either normalizes or is rejected with
 * {@link RejectedInputException} carrying a one-line reason that is not an internal error; no other
 * exception escapes and no input takes longer than a few seconds.
 */
class NormalizerProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Normalizer AUTO = new Normalizer();
    private static final List<Normalizer> FORCED = Stream.of("guardduty", "cloudtrail", "securityhub", "config", "custom")
            .map(Normalizer::forFormat).toList();
    /** Every sample and real-world event, as the seeds of the mutations. */
    private static final List<JsonNode> SEEDS = seeds();

    private static List<JsonNode> seeds() {
        List<JsonNode> out = new ArrayList<>();
        try (Stream<RawInput> in = EventFiles.read(List.of(Path.of("samples"), Path.of("src/test/resources/realworld")))) {
            in.filter(r -> r.error() == null).forEach(r -> out.add(r.json()));
        }
        return List.copyOf(out);
    }

    /** The only acceptable failure is a clean, one-line rejection. */
    private static void normalizesOrIsRejected(Supplier<List<Normalized>> run) {
        try {
            run.get();
        } catch (Rejected r) {
            String reason = r.getCause().getMessage();
            assertThat(reason).isNotBlank().doesNotContain("\n").doesNotContain("\r")
                    .doesNotStartWith("internal error");
        }
    }

    /** A try that hangs fails after a few seconds instead of stalling the build. */
    private static void inTime(org.junit.jupiter.api.function.Executable body) {
        assertTimeoutPreemptively(Duration.ofSeconds(10), body);
    }

    /** Lets the checked rejection leave a Supplier; any other throwable fails the property as it is. */
    private static final class Rejected extends RuntimeException {
        Rejected(RejectedInputException e) {
            super(e);
        }
    }

    private static List<Normalized> tree(Normalizer n, JsonNode node) {
        try {
            return n.normalize(node);
        } catch (RejectedInputException e) {
            throw new Rejected(e);
        }
    }

    private static List<Normalized> text(Normalizer n, String s) {
        try {
            return n.normalize(s);
        } catch (RejectedInputException e) {
            throw new Rejected(e);
        }
    }

    // ---- random JSON ----

    @Provide
    Arbitrary<JsonNode> jsonTrees() {
        return json(4);
    }

    private Arbitrary<JsonNode> json(int depth) {
        Arbitrary<JsonNode> scalar = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(s -> (JsonNode) F.textNode(s)),
                Arbitraries.of("guardduty", "aws.guardduty", "GuardDuty Finding", "AWS API Call via CloudTrail", "Notification",
                        "custom", "2024-05-01T12:00:00Z", "arn:aws:iam::111122223333:user/x", "AuthorizeSecurityGroupIngress",
                        "Config Rules Compliance Change", "Security Hub Findings - Imported", "2018-10-08", "NaN", "1e999")
                        .map(s -> (JsonNode) F.textNode(s)),
                Arbitraries.integers().map(i -> (JsonNode) F.numberNode(i)),
                Arbitraries.doubles().map(d -> (JsonNode) F.numberNode(d)),
                Arbitraries.of(true, false).map(b -> (JsonNode) F.booleanNode(b)),
                Arbitraries.just(F.nullNode()));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of("id", "type", "source", "detail", "detail-type", "time", "account",
                "region", "Records", "Findings", "findings", "resource", "service", "serviceName", "eventName", "eventSource",
                "eventVersion", "eventID", "eventTime", "userIdentity", "requestParameters", "responseElements", "SchemaVersion",
                "ProductArn", "GeneratorId", "AwsAccountId", "Resources", "Type", "Message", "configRuleName",
                "newEvaluationResult", "severity", "principal", "resources", "accessKeyDetails", "instanceDetails", "ipPermissions",
                "items", "groupId", "cidrIp", "Severity", "Normalized", "tags"), Arbitraries.strings().ofMaxLength(8));
        Arbitrary<JsonNode> child = json(depth - 1);
        Arbitrary<JsonNode> object = Combinators.combine(keys.list().ofMaxSize(6), child.list().ofMaxSize(6)).as((ks, vs) -> {
            ObjectNode o = F.objectNode();
            for (int i = 0; i < Math.min(ks.size(), vs.size()); i++) {
                o.set(ks.get(i), vs.get(i));
            }
            return (JsonNode) o;
        });
        Arbitrary<JsonNode> array = child.list().ofMaxSize(4).map(vs -> {
            ArrayNode a = F.arrayNode();
            vs.forEach(a::add);
            return (JsonNode) a;
        });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, scalar), net.jqwik.api.Tuple.of(5, object), net.jqwik.api.Tuple.of(2, array));
    }

    @Property(tries = 200)
    void randomJsonTreesNormalizeOrAreRejected(@ForAll("jsonTrees") JsonNode input) {
        inTime(() -> {
            normalizesOrIsRejected(() -> tree(AUTO, input));
            for (Normalizer forced : FORCED) {
                normalizesOrIsRejected(() -> tree(forced, input));
            }
            normalizesOrIsRejected(() -> text(AUTO, input.toString()));
        });
    }

    // ---- mutated samples and real-world events ----

    /** One edit of a tree: where (a pseudo-random walk) and what (drop, rename, retype, nest, grow). */
    record Mutation(long seed, int kind) {
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(0, 7)).as(Mutation::new).list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 200)
    void mutatedSeedsNormalizeOrAreRejected(@ForAll @IntRange(min = 0, max = 10_000) int which,
                                            @ForAll("mutations") List<Mutation> edits) {
        JsonNode doc = SEEDS.get(which % SEEDS.size()).deepCopy();
        for (Mutation m : edits) {
            doc = mutate(doc, m);
        }
        JsonNode input = doc;
        inTime(() -> {
            normalizesOrIsRejected(() -> tree(AUTO, input));
            normalizesOrIsRejected(() -> tree(FORCED.get(which % FORCED.size()), input));
        });
    }

    private static JsonNode mutate(JsonNode root, Mutation m) {
        java.util.Random rnd = new java.util.Random(m.seed());
        // walk down to a random container
        JsonNode node = root;
        for (int steps = rnd.nextInt(6); steps > 0 && node.isContainerNode() && node.size() > 0; steps--) {
            JsonNode next = node.isObject() ? nth(node.fields(), rnd.nextInt(node.size())) : node.get(rnd.nextInt(node.size()));
            if (!next.isContainerNode()) {
                break;
            }
            node = next;
        }
        if (!node.isContainerNode() || node.size() == 0) {
            return root;
        }
        JsonNode replacement = switch (m.kind()) {
            case 0 -> null; // drop
            case 1 -> F.textNode("x");
            case 2 -> F.numberNode(rnd.nextInt());
            case 3 -> F.booleanNode(rnd.nextBoolean());
            case 4 -> F.nullNode();
            case 5 -> F.arrayNode().add(F.objectNode());
            case 6 -> nest(rnd.nextInt(200) + 1); // deep nesting
            default -> F.textNode("y".repeat(rnd.nextInt(300_000))); // huge string
        };
        if (node instanceof ObjectNode o) {
            String key = nthItem(o.fieldNames(), rnd.nextInt(o.size()));
            JsonNode old = o.remove(key);
            if (m.kind() == 0 && rnd.nextBoolean()) {
                o.set(key.toUpperCase(java.util.Locale.ROOT) + "_", old); // rename instead of drop
            } else if (replacement != null) {
                o.set(key, replacement);
            }
        } else if (node instanceof ArrayNode a) {
            int i = rnd.nextInt(a.size());
            if (replacement == null) {
                a.remove(i);
            } else {
                a.set(i, replacement);
            }
        }
        return root;
    }

    private static <T> T nthItem(Iterator<T> it, int n) {
        T v = it.next();
        for (int i = 0; i < n; i++) {
            v = it.next();
        }
        return v;
    }

    private static JsonNode nth(Iterator<java.util.Map.Entry<String, JsonNode>> it, int n) {
        java.util.Map.Entry<String, JsonNode> e = it.next();
        for (int i = 0; i < n; i++) {
            e = it.next();
        }
        return e.getValue();
    }

    private static JsonNode nest(int depth) {
        JsonNode n = F.textNode("deep");
        for (int i = 0; i < depth; i++) {
            n = (i % 2 == 0) ? F.arrayNode().add(n) : F.objectNode().set("a", n);
        }
        return n;
    }

    // ---- text ----

    @Property(tries = 200)
    void truncatedSeedTextIsRejectedOrNormalizes(@ForAll @IntRange(min = 0, max = 10_000) int which,
                                                 @ForAll @IntRange(min = 0, max = 1000) int permille) {
        String text = SEEDS.get(which % SEEDS.size()).toString();
        String cut = text.substring(0, text.length() * permille / 1000);
        inTime(() -> normalizesOrIsRejected(() -> text(AUTO, cut)));
    }

    @Property(tries = 100)
    void randomBytesNormalizeOrAreRejected(@ForAll @Size(max = 400) byte[] bytes, @ForAll @IntRange(min = 0, max = 10_000) int which) {
        // invalid UTF-8 decoded as Java does (replacement characters) and as raw Latin-1, alone and inside a sample
        String utf8 = new String(bytes, StandardCharsets.UTF_8);
        String latin1 = new String(bytes, StandardCharsets.ISO_8859_1);
        String seed = SEEDS.get(which % SEEDS.size()).toString();
        int at = seed.indexOf(":\"");
        inTime(() -> {
            normalizesOrIsRejected(() -> text(AUTO, utf8));
            normalizesOrIsRejected(() -> text(AUTO, latin1));
            if (at > 0) {
                String spliced = seed.substring(0, at + 2) + latin1.replace("\"", "").replace("\\", "") + seed.substring(at + 2);
                normalizesOrIsRejected(() -> text(AUTO, spliced));
            }
        });
    }

    @Property(tries = 20)
    void deepNestingIsRejectedBeforeItCanOverflowTheStack(@ForAll @IntRange(min = 65, max = 100_000) int depth) {
        String text = "[".repeat(depth) + "]".repeat(depth);
        JsonNode tree = nest(Math.min(depth, 20_000));
        inTime(() -> {
            normalizesOrIsRejected(() -> text(AUTO, text));
            normalizesOrIsRejected(() -> tree(AUTO, tree));
        });
        assertThat(catchReason(() -> text(AUTO, text))).startsWith("too deeply nested");
        assertThat(catchReason(() -> tree(AUTO, tree))).startsWith("too deeply nested");
    }

    private static String catchReason(Supplier<List<Normalized>> run) {
        try {
            run.get();
            return "normalized";
        } catch (Rejected r) {
            return r.getCause().getMessage();
        }
    }
}
