package dev.riposte;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riposte.aws.client.AwsClients;
import dev.riposte.command.ActionCommand;
import dev.riposte.config.RiposteConfig;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ParamSpec;
import dev.riposte.fact.Events;
import dev.riposte.pipeline.RuleLoading;
import dev.riposte.rules.RuleFile;
import dev.riposte.rules.RuleSources;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/**
 * Tests over the whole action registry, Cloud Custodian style: every {@link ActionHandler} of the action packages (found by
 * scanning the compiled classes, so a new action cannot slip past) is a CDI bean in the package its id names, declares a
 * description and its IAM permissions, its parameter schema rejects unknown keys, and it carries an example command that
 * validates and whose plan sends only requests its declared permissions allow. Handlers are built without CDI; planning
 * never calls AWS.
 */
class ActionRegistryTest {
    /**
     * The IAM action of an API request where it is not {@code service:Operation} as the request names it: the service
     * prefix differs (Step Functions is {@code states:}, the S3 Control API is {@code s3:}) or the action's name does.
     */
    private static final Map<String, String> IAM_PREFIX = Map.of("sfn", "states", "s3control", "s3");

    private static final Map<String, String> IAM_ACTION = Map.of(
            "s3:PutPublicAccessBlock", "s3:PutBucketPublicAccessBlock",
            "s3control:PutPublicAccessBlock", "s3:PutAccountPublicAccessBlock",
            "s3:PutBucketEncryption", "s3:PutEncryptionConfiguration",
            "lambda:Invoke", "lambda:InvokeFunction");
    /** Requests to Riposte's own outputs, not to AWS: no IAM permission. */
    private static final Set<String> NOT_AWS = Set.of("log", "webhook");

    private static final Set<ParamSpec.Type> TYPES = EnumSet.complementOf(EnumSet.of(ParamSpec.Type.ANY));
    private static AwsClients clients;
    private static List<ActionHandler> handlers;

    @BeforeAll
    static void build() throws Exception {
        clients = new AwsClients(
                new AwsClients.Settings("us-east-1", null, null, null), AnonymousCredentialsProvider.create());
        handlers = new ArrayList<>();
        for (Class<?> c : handlerClasses()) {
            handlers.add(instantiate(c));
        }
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    /** Every concrete ActionHandler compiled from the action packages (aws.*, notify), by walking the class folder. */
    private static List<Class<?>> handlerClasses() throws Exception {
        Path root = Path.of(AwsClients.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<Class<?>> out = new ArrayList<>();
        for (String pkg : List.of("dev/riposte/aws", "dev/riposte/notify")) {
            try (Stream<Path> files = Files.walk(root.resolve(pkg))) {
                for (Path f : files.filter(f -> f.toString().endsWith(".class"))
                        .sorted()
                        .toList()) {
                    String name =
                            root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                    Class<?> c = Class.forName(name, false, ActionRegistryTest.class.getClassLoader());
                    if (ActionHandler.class.isAssignableFrom(c)
                            && !c.isInterface()
                            && !Modifier.isAbstract(c.getModifiers())) {
                        out.add(c);
                    }
                }
            }
        }
        return out;
    }

    private static ActionHandler instantiate(Class<?> type) throws Exception {
        Constructor<?> ctor = Arrays.stream(type.getConstructors())
                .min(Comparator.comparingInt(Constructor::getParameterCount))
                .orElseThrow(() -> new AssertionError(type.getName() + " has no public constructor"));
        Object[] args = Arrays.stream(ctor.getGenericParameterTypes())
                .map(ActionRegistryTest::argument)
                .toArray();
        return (ActionHandler) ctor.newInstance(args);
    }

    private static Object argument(Type type) {
        if (type == AwsClients.class) {
            return clients;
        }
        if (type instanceof ParameterizedType p && p.getRawType() == Optional.class) {
            // notify:webhook's default webhook, so its example validates
            return p.getActualTypeArguments()[0] == URI.class
                    ? Optional.of(URI.create("https://hooks.example.com/x"))
                    : Optional.empty();
        }
        if (type == RiposteConfig.class) {
            // notify:webhook's default webhook, so its example validates
            return RiposteConfig.of(Map.of("riposte.notify.webhook-url", "https://hooks.example.com/x"));
        }
        throw new AssertionError("no test value for constructor parameter " + type.getTypeName());
    }

    private static List<ActionSpec> specs() {
        return handlers.stream().map(ActionHandler::spec).toList();
    }

    @Test
    void theCatalogueHoldsEveryActionOnce() {
        ActionCatalogue catalogue = new ActionCatalogue(handlers);
        assertThat(catalogue.specs()).hasSameSizeAs(handlers);
        assertThat(catalogue.specs())
                .extracting(ActionSpec::id)
                .contains(
                        "s3:block-public-access",
                        "s3:block-account-public-access",
                        "s3:enable-default-encryption",
                        "s3:remove-public-policy-statements",
                        "rds:disable-public-access",
                        "lambda:remove-public-permission",
                        "lambda:invoke",
                        "kms:enable-key-rotation",
                        "cloudtrail:start-logging",
                        "ssm:start-automation",
                        "stepfunctions:start-execution",
                        "sns:publish",
                        "notify:webhook",
                        "notify:log",
                        "wafv2:block-ip",
                        "guardduty:archive-finding",
                        "securityhub:update-finding",
                        "events:put-events",
                        "s3:put-object");
    }

    @Test
    void builtInRulesAndDocExamplesWriteOnlyCommandsTheCatalogueAccepts() throws Exception {
        ActionCatalogue catalogue = new ActionCatalogue(handlers);
        assertThat(RuleLoading.checkActions(RuleSources.builtIn(), catalogue)).isEmpty();
        String doc = Files.readString(Path.of("docs/fact-model.md"));
        Matcher m = Pattern.compile("(?s)```drl\\n(.*?)```").matcher(doc);
        int n = 0;
        while (m.find()) {
            assertThat(RuleLoading.checkActions(List.of(new RuleFile("doc-" + n++ + ".drl", m.group(1))), catalogue))
                    .as(m.group(1))
                    .isEmpty();
        }
        assertThat(n).isGreaterThan(5);
    }

    @Test
    void everyHandlerIsACdiBean() {
        assertThat(handlers)
                .allSatisfy(h -> assertThat(h.getClass().isAnnotationPresent(ApplicationScoped.class))
                        .as(h.getClass().getName() + " is @ApplicationScoped")
                        .isTrue());
    }

    @Test
    void everyActionHasADescriptionAndATargetTypeInCloudFormationStyle() {
        assertThat(specs()).allSatisfy(s -> {
            assertThat(s.description()).as(s.id()).isNotBlank();
            assertThat(s.targetType())
                    .as(s.id())
                    .satisfiesAnyOf(
                            t -> assertThat(t).isNull(),
                            t -> assertThat(t).matches("AWS::\\w+::(\\w+|\\*)(\\|AWS::\\w+::\\w+)*"));
        });
    }

    @Test
    void everyAwsActionDeclaresItsIamPermissions() {
        assertThat(specs()).allSatisfy(s -> {
            if (!s.id().startsWith("notify:")) {
                assertThat(s.permissions()).as(s.id()).isNotEmpty();
            }
            assertThat(s.permissions())
                    .as(s.id())
                    .allSatisfy(p -> assertThat(p).matches("[a-z0-9-]+:[A-Z][A-Za-z0-9]+"));
        });
    }

    @Test
    void everyParameterSchemaRejectsUnknownKeys() {
        assertThat(specs())
                .allSatisfy(s -> assertThat(s.validate(Map.of("noSuchParameter", "x")))
                        .as(s.id())
                        .anySatisfy(
                                p -> assertThat(p).startsWith("unknown parameter 'noSuchParameter' for " + s.id())));
    }

    @Test
    void parametersAreTypedAndNamedOnce() {
        assertThat(specs()).allSatisfy(s -> {
            assertThat(s.params()).extracting(ParamSpec::type).as(s.id()).allMatch(TYPES::contains);
            assertThat(s.params().stream().map(ParamSpec::name).collect(Collectors.toSet()))
                    .as(s.id())
                    .hasSameSizeAs(s.params());
            assertThat(s.params())
                    .extracting(ParamSpec::description)
                    .as(s.id())
                    .allMatch(d -> d != null && !d.isBlank());
        });
    }

    @Test
    void onlyNotificationsAndForwardingAreNotMutating() {
        // forwarding (events:put-events, s3:put-object) writes to Riposte's own destinations, never to what it protects
        Set<String> notMutating = handlers.stream()
                .filter(h -> !h.spec().mutating())
                .filter(h -> !h.spec().id().startsWith("notify:") && !h.carriesReport())
                .map(h -> h.spec().id())
                .collect(Collectors.toSet());
        assertThat(notMutating).isEmpty();
        assertThat(handlers)
                .filteredOn(ActionHandler::carriesReport)
                .extracting(h -> h.spec().id())
                .containsExactlyInAnyOrder("sns:publish", "notify:webhook", "events:put-events", "s3:put-object");
    }

    /** The IAM action that allows {@code r}. */
    static String iamAction(AwsRequest r) {
        String request = r.service() + ":" + r.operation();
        return IAM_ACTION.getOrDefault(
                request, IAM_PREFIX.getOrDefault(r.service(), r.service()) + ":" + r.operation());
    }

    private static List<AwsRequest> planExample(ActionHandler h) {
        return h.plan(new ActionContext(h.example(), Events.torClient().build(), Events.ACCOUNT, "us-east-1"));
    }

    @Test
    void everyActionCarriesAnExampleThatValidates() {
        ActionCatalogue catalogue = new ActionCatalogue(handlers);
        assertThat(handlers).allSatisfy(h -> {
            ActionCommand example = h.example();
            assertThat(example).as(h.spec().id() + " has an example").isNotNull();
            assertThat(example.action()).isEqualTo(h.spec().id());
            assertThat(catalogue.validate(example)).as(h.spec().id()).isEmpty();
        });
    }

    @Test
    void everyRequestAnExamplePlansIsAllowedByADeclaredPermission() {
        assertThat(handlers).allSatisfy(h -> {
            List<AwsRequest> plan = planExample(h);
            assertThat(plan).as(h.spec().id()).isNotEmpty();
            plan.stream()
                    .filter(r -> !NOT_AWS.contains(r.service()))
                    .forEach(r -> assertThat(h.spec().permissions())
                            .as(h.spec().id() + " plans " + r.service() + ":" + r.operation())
                            .contains(iamAction(r)));
        });
    }

    @Test
    void theRequestToIamMappingHasNoStaleEntries() {
        // every entry is a request some action's example plans, so the mapping cannot outlive the action it was for
        Set<String> planned = handlers.stream()
                .flatMap(h -> planExample(h).stream())
                .map(r -> r.service() + ":" + r.operation())
                .collect(Collectors.toSet());
        assertThat(planned).containsAll(IAM_ACTION.keySet());
        assertThat(planned.stream().map(p -> p.substring(0, p.indexOf(':'))).collect(Collectors.toSet()))
                .containsAll(IAM_PREFIX.keySet());
    }

    @Test
    void theActionIdNamesThePackageItLivesIn() {
        assertThat(handlers).allSatisfy(h -> {
            String service = h.spec().id().substring(0, h.spec().id().indexOf(':'));
            assertThat(h.getClass().getPackageName())
                    .as(h.spec().id())
                    .endsWith("." + PACKAGE.getOrDefault(service, service));
        });
    }

    /** Action id prefixes that are not the package's name: the Step Functions SDK module is {@code sfn}. */
    private static final Map<String, String> PACKAGE = Map.of("stepfunctions", "sfn");

    @Test
    void mutatingActionsDeclarePermissions() {
        assertThat(specs())
                .filteredOn(ActionSpec::mutating)
                .allSatisfy(s -> assertThat(s.permissions())
                        .as(s.id() + " mutates AWS, so it needs permissions")
                        .isNotEmpty());
    }

    @Test
    void actionsThatClaimAwsDryRunImplementIt() throws NoSuchMethodException {
        for (ActionHandler h : handlers) {
            Class<?> declaring = h.getClass()
                    .getMethod("validateWithAws", ActionContext.class)
                    .getDeclaringClass();
            if (h.spec().awsDryRun()) {
                assertThat(declaring).as(h.spec().id()).isNotEqualTo(ActionHandler.class);
            } else {
                // AwsAction implements it for all, and must refuse before any call for APIs without DryRun
                assertThatThrownBy(() -> h.validateWithAws(null))
                        .as(h.spec().id())
                        .isInstanceOf(UnsupportedOperationException.class);
            }
        }
    }

    static final Path ACTIONS_DOC = Path.of("docs/actions.md");

    /** docs/actions.md is generated from the catalogue; {@code -Ddocs.update=true} rewrites it after a change. */
    @Test
    void docsActionsMdIsTheCatalogue() throws Exception {
        String generated = actionsDoc();
        if (Boolean.getBoolean("docs.update")) {
            Files.writeString(ACTIONS_DOC, generated);
        }
        assertThat(Files.readString(ACTIONS_DOC))
                .as(ACTIONS_DOC + " is out of date: run ./mvnw -q -B test -Dtest=ActionRegistryTest"
                        + " -Ddocs.update=true and review the diff")
                .isEqualTo(generated);
    }

    private static String actionsDoc() {
        StringBuilder out = new StringBuilder("""
                # Actions

                <!-- generated from the action catalogue by ActionRegistryTest: edit the action's spec() and example(), then
                     ./mvnw -q -B test -Dtest=ActionRegistryTest -Ddocs.update=true -->

                What rules and playbooks can ask for, by id. Every action plans its exact AWS requests without calling AWS
                (dry-run records them); `riposte actions` prints the same catalogue and `riposte iam-policy` the permissions.
                """);
        List<ActionHandler> sorted = handlers.stream()
                .sorted(Comparator.comparing(h -> h.spec().id()))
                .toList();
        out.append('\n');
        for (ActionHandler h : sorted) {
            out.append("- [`")
                    .append(h.spec().id())
                    .append("`](#")
                    .append(h.spec().id().replace(":", ""))
                    .append(")\n");
        }
        for (ActionHandler h : sorted) {
            ActionSpec s = h.spec();
            out.append("\n## ")
                    .append(s.id())
                    .append("\n\n")
                    .append(s.description())
                    .append(s.description().endsWith(".") ? "" : ".")
                    .append("\n\n");
            out.append("- target: ")
                    .append(s.targetType() == null ? "none (parameters say what)" : "`" + s.targetType() + "`")
                    .append('\n');
            out.append("- changes AWS: ")
                    .append(s.mutating() ? "yes" : "no")
                    .append(h.carriesReport() ? " (carries the investigation report)" : "")
                    .append('\n');
            out.append("- AWS DryRun: ").append(s.awsDryRun() ? "yes" : "no").append('\n');
            out.append("- IAM: ")
                    .append(
                            s.permissions().isEmpty()
                                    ? "none"
                                    : s.permissions().stream()
                                            .map(x -> "`" + x + "`")
                                            .collect(Collectors.joining(", ")))
                    .append('\n');
            if (!s.params().isEmpty()) {
                out.append("\n| parameter | type | | description |\n|---|---|---|---|\n");
                for (ParamSpec p : s.params()) {
                    out.append("| `")
                            .append(p.name())
                            .append("` | ")
                            .append(p.type())
                            .append(" | ")
                            .append(p.required() ? "required" : "optional")
                            .append(" | ")
                            .append(p.description().replace("|", "\\|"))
                            .append(" |\n");
                }
            }
            out.append("\n```java\ninsert(").append(drl(h.example())).append(");\n```\n");
        }
        return out.toString();
    }

    /** The example as a rule writes it. */
    private static String drl(ActionCommand c) {
        StringBuilder b = new StringBuilder("ActionCommand.of(\"")
                .append(c.action())
                .append("\", ")
                .append(c.target() == null ? "null" : literal(c.target()))
                .append(')');
        new TreeMap<>(c.params())
                .forEach((k, v) -> b.append(".with(\"")
                        .append(k)
                        .append("\", ")
                        .append(literal(v))
                        .append(')'));
        return b.toString();
    }

    private static String literal(Object v) {
        if (v instanceof String s) {
            return "\"" + s.replace("\"", "\\\"") + "\"";
        }
        if (v instanceof List<?> l) {
            return l.stream().map(ActionRegistryTest::literal).collect(Collectors.joining(", ", "List.of(", ")"));
        }
        if (v instanceof Map<?, ?> m) {
            return new TreeMap<>(m)
                    .entrySet().stream()
                            .map(e -> literal(e.getKey()) + ", " + literal(e.getValue()))
                            .collect(Collectors.joining(", ", "Map.of(", ")"));
        }
        return String.valueOf(v);
    }

    @Test
    void handlerClassesArePublicSoWiringOutsideCdiCanBuildThem() {
        assertThat(handlers)
                .allSatisfy(h -> assertThat(Modifier.isPublic(h.getClass().getModifiers()))
                        .as(h.getClass().getName())
                        .isTrue());
    }
}
