package dev.riposte.normalize;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riposte.source.file.EventFiles;
import dev.riposte.source.file.RawInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Properties of the normalizer over inputs nobody would write by hand: random JSON trees, samples
 * and real-world events with fields dropped, renamed or retyped, deep nesting, huge strings, random
 * and truncated text, bytes that are not UTF-8. Each input either normalizes or is rejected with
 * {@link RejectedInputException} carrying a one-line reason that is not an internal error; no other
 * exception escapes and no input takes longer than a few seconds.
 *
 * <p>Plain JUnit: each property draws its inputs from a {@link SplittableRandom} seeded with the
 * property's base seed plus the try number, so a run is the same every time and a failure names the
 * seed that replays it: {@code -Dproperties.seed=S -Dproperties.tries=1}. {@code -Dproperties.tries=N}
 * runs N tries per property (a longer search) instead of the defaults below.
 */
class NormalizerPropertiesTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Normalizer AUTO = new Normalizer();
    private static final List<String> FORMATS = List.of("guardduty", "cloudtrail", "securityhub", "config", "custom");
    private static final List<Normalizer> FORCED =
            FORMATS.stream().map(Normalizer::forFormat).toList();
    /** Every sample and real-world event, as the seeds of the mutations. */
    private static final List<JsonNode> SEEDS = seeds();

    private static List<JsonNode> seeds() {
        List<JsonNode> out = new ArrayList<>();
        try (Stream<RawInput> in =
                EventFiles.read(List.of(Path.of("samples"), Path.of("src/test/resources/realworld")))) {
            in.filter(r -> r.error() == null).forEach(r -> out.add(r.json()));
        }
        if (out.size() < 50) {
            throw new IllegalStateException(
                    "expected the samples and the real-world corpus, found " + out.size() + " events");
        }
        return List.copyOf(out);
    }

    // ---- harness ----

    /** One try: what it fed to the normalizer (for the failure message) and the checks to run on it. */
    interface Try {
        void run(Input in);
    }

    /** Records the input of the try so that a failure can show it. */
    static final class Input {
        private String shown = "";

        <T> T show(T input) {
            shown = String.valueOf(input);
            return input;
        }
    }

    /**
     * {@code tries} dynamic tests named by their seed; {@code -Dproperties.seed} replaces the base seed,
     * {@code -Dproperties.tries} the number of tries.
     */
    private static Stream<DynamicTest> property(long baseSeed, int tries, Function<SplittableRandom, Try> body) {
        long base = Long.getLong("properties.seed", baseSeed);
        int n = Integer.getInteger("properties.tries", tries);
        return LongStream.range(0, n)
                .map(i -> base + i)
                .mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
                    Input in = new Input();
                    try {
                        assertTimeoutPreemptively(
                                Duration.ofSeconds(10),
                                () -> body.apply(new SplittableRandom(seed)).run(in));
                    } catch (AssertionError | RuntimeException e) {
                        fail(
                                "seed " + seed + " (replay: -Dproperties.seed=" + seed
                                        + " -Dproperties.tries=1), input " + abbreviate(in.shown) + ": "
                                        + e.getMessage(),
                                e);
                    }
                }));
    }

    private static String abbreviate(String s) {
        String oneLine = s.replace("\n", "\\n").replace("\r", "\\r");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "... (" + oneLine.length() + " chars)";
    }

    /** The only acceptable failure is a clean, one-line rejection; returns the reason or "normalized". */
    private static String normalizesOrIsRejected(Normalizer n, Object input) {
        try {
            if (input instanceof JsonNode node) {
                n.normalize(node);
            } else {
                n.normalize((String) input);
            }
            return "normalized";
        } catch (RejectedInputException e) {
            String reason = e.getMessage();
            if (reason == null
                    || reason.isBlank()
                    || reason.contains("\n")
                    || reason.contains("\r")
                    || reason.startsWith("internal error")) {
                throw new AssertionError(
                        "rejection is not a one-line reason: " + abbreviate(String.valueOf(reason)), e);
            }
            return reason;
        }
    }

    // ---- random JSON ----

    private static final String[] WORDS = {
        "guardduty",
        "aws.guardduty",
        "GuardDuty Finding",
        "AWS API Call via CloudTrail",
        "Notification",
        "custom",
        "2024-05-01T12:00:00Z",
        "arn:aws:iam::111122223333:user/x",
        "AuthorizeSecurityGroupIngress",
        "Config Rules Compliance Change",
        "Security Hub Findings - Imported",
        "2018-10-08",
        "NaN",
        "1e999"
    };
    private static final String[] KEYS = {
        "id",
        "type",
        "source",
        "detail",
        "detail-type",
        "time",
        "account",
        "region",
        "Records",
        "Findings",
        "findings",
        "resource",
        "service",
        "serviceName",
        "eventName",
        "eventSource",
        "eventVersion",
        "eventID",
        "eventTime",
        "userIdentity",
        "requestParameters",
        "responseElements",
        "SchemaVersion",
        "ProductArn",
        "GeneratorId",
        "AwsAccountId",
        "Resources",
        "Type",
        "Message",
        "configRuleName",
        "newEvaluationResult",
        "severity",
        "principal",
        "resources",
        "accessKeyDetails",
        "instanceDetails",
        "ipPermissions",
        "items",
        "groupId",
        "cidrIp",
        "Severity",
        "Normalized",
        "tags"
    };

    /** Any character, surrogates (paired or not) and controls included. */
    private static String randomString(SplittableRandom r, int maxLength) {
        int len = r.nextInt(maxLength + 1);
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            sb.append(r.nextInt(4) == 0 ? (char) r.nextInt(Character.MAX_VALUE + 1) : (char) r.nextInt(0x20, 0x7f));
        }
        return sb.toString();
    }

    static JsonNode randomJson(SplittableRandom r, int depth) {
        int pick = depth == 0 ? 0 : r.nextInt(9); // scalars 2/9, objects 5/9, arrays 2/9
        if (pick < 2) {
            return switch (r.nextInt(6)) {
                case 0 -> F.textNode(randomString(r, 20));
                case 1 -> F.textNode(WORDS[r.nextInt(WORDS.length)]);
                case 2 -> F.numberNode(r.nextInt());
                case 3 ->
                    F.numberNode(r.nextBoolean() ? r.nextDouble() * Math.pow(10, r.nextInt(-300, 300)) : Double.NaN);
                case 4 -> F.booleanNode(r.nextBoolean());
                default -> F.nullNode();
            };
        }
        if (pick < 7) {
            ObjectNode o = F.objectNode();
            for (int i = r.nextInt(7); i > 0; i--) {
                String key = r.nextInt(3) == 0 ? randomString(r, 8) : KEYS[r.nextInt(KEYS.length)];
                o.set(key, randomJson(r, depth - 1));
            }
            return o;
        }
        ArrayNode a = F.arrayNode();
        for (int i = r.nextInt(5); i > 0; i--) {
            a.add(randomJson(r, depth - 1));
        }
        return a;
    }

    @TestFactory
    Stream<DynamicTest> randomJsonTreesNormalizeOrAreRejected() {
        return property(0x5EED_0001L, 200, r -> {
            JsonNode input = randomJson(r, 4);
            return in -> {
                in.show(input);
                normalizesOrIsRejected(AUTO, input);
                for (Normalizer forced : FORCED) {
                    normalizesOrIsRejected(forced, input);
                }
                normalizesOrIsRejected(AUTO, input.toString());
            };
        });
    }

    // ---- mutated samples and real-world events ----

    @TestFactory
    Stream<DynamicTest> mutatedSeedsNormalizeOrAreRejected() {
        return property(0x5EED_0002L, 200, r -> {
            int which = r.nextInt(SEEDS.size());
            JsonNode doc = SEEDS.get(which).deepCopy();
            for (int edits = r.nextInt(1, 5); edits > 0; edits--) {
                doc = mutate(doc, r);
            }
            JsonNode input = doc;
            Normalizer forced = FORCED.get(r.nextInt(FORCED.size()));
            return in -> {
                in.show(input);
                normalizesOrIsRejected(AUTO, input);
                normalizesOrIsRejected(forced, input);
            };
        });
    }

    /** One edit of a tree at a random container: drop, rename, retype, nest deeply or splice in a huge string. */
    private static JsonNode mutate(JsonNode root, SplittableRandom r) {
        JsonNode node = root;
        for (int steps = r.nextInt(6); steps > 0 && node.isContainerNode() && node.size() > 0; steps--) {
            JsonNode next =
                    node.isObject() ? nth(node.elements(), r.nextInt(node.size())) : node.get(r.nextInt(node.size()));
            if (!next.isContainerNode()) {
                break;
            }
            node = next;
        }
        if (!node.isContainerNode() || node.size() == 0) {
            return root;
        }
        int kind = r.nextInt(8);
        JsonNode replacement = switch (kind) {
            case 0 -> null; // drop (or rename)
            case 1 -> F.textNode("x");
            case 2 -> F.numberNode(r.nextInt());
            case 3 -> F.booleanNode(r.nextBoolean());
            case 4 -> F.nullNode();
            case 5 -> F.arrayNode().add(F.objectNode());
            case 6 -> nest(r.nextInt(1, 201)); // deep nesting
            default -> F.textNode("y".repeat(r.nextInt(300_000))); // huge string
        };
        if (node instanceof ObjectNode o) {
            String key = nth(o.fieldNames(), r.nextInt(o.size()));
            JsonNode old = o.remove(key);
            if (kind == 0 && r.nextBoolean()) {
                o.set(key.toUpperCase(Locale.ROOT) + "_", old); // rename instead of drop
            } else if (replacement != null) {
                o.set(key, replacement);
            }
        } else if (node instanceof ArrayNode a) {
            int i = r.nextInt(a.size());
            if (replacement == null) {
                a.remove(i);
            } else {
                a.set(i, replacement);
            }
        }
        return root;
    }

    private static <T> T nth(Iterator<T> it, int n) {
        T v = it.next();
        for (int i = 0; i < n; i++) {
            v = it.next();
        }
        return v;
    }

    private static JsonNode nest(int depth) {
        JsonNode n = F.textNode("deep");
        for (int i = 0; i < depth; i++) {
            n = (i % 2 == 0) ? F.arrayNode().add(n) : F.objectNode().set("a", n);
        }
        return n;
    }

    // ---- text ----

    @TestFactory
    Stream<DynamicTest> truncatedSeedTextNormalizesOrIsRejected() {
        return property(0x5EED_0003L, 200, r -> {
            String text = SEEDS.get(r.nextInt(SEEDS.size())).toString();
            String cut = text.substring(0, r.nextInt(text.length() + 1));
            return in -> normalizesOrIsRejected(AUTO, in.show(cut));
        });
    }

    @TestFactory
    Stream<DynamicTest> randomBytesNormalizeOrAreRejected() {
        return property(0x5EED_0004L, 100, r -> {
            byte[] bytes = new byte[r.nextInt(401)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) r.nextInt(256);
            }
            // invalid UTF-8 decoded as Java does (replacement characters) and as raw Latin-1, alone and inside a sample
            String utf8 = new String(bytes, StandardCharsets.UTF_8);
            String latin1 = new String(bytes, StandardCharsets.ISO_8859_1);
            String seed = SEEDS.get(r.nextInt(SEEDS.size())).toString();
            int at = seed.indexOf(":\"");
            String spliced = at < 0
                    ? seed
                    : seed.substring(0, at + 2) + latin1.replace("\"", "").replace("\\", "") + seed.substring(at + 2);
            return in -> {
                normalizesOrIsRejected(AUTO, in.show(utf8));
                normalizesOrIsRejected(AUTO, in.show(latin1));
                normalizesOrIsRejected(AUTO, in.show(spliced));
            };
        });
    }

    @TestFactory
    Stream<DynamicTest> deepNestingIsRejectedBeforeItCanOverflowTheStack() {
        return property(0x5EED_0005L, 20, r -> {
            int depth = r.nextInt(65, 100_001);
            String text = "[".repeat(depth) + "]".repeat(depth);
            JsonNode tree = nest(Math.min(depth, 20_000));
            return in -> {
                in.show("depth " + depth);
                expectTooDeep(normalizesOrIsRejected(AUTO, text));
                expectTooDeep(normalizesOrIsRejected(AUTO, tree));
                for (Normalizer forced : FORCED) {
                    expectTooDeep(normalizesOrIsRejected(forced, text));
                }
            };
        });
    }

    private static void expectTooDeep(String outcome) {
        if (!outcome.startsWith("too deeply nested")) {
            throw new AssertionError("expected a 'too deeply nested' rejection, got: " + outcome);
        }
    }
}
