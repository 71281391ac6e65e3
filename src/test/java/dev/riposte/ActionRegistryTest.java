package dev.riposte;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.AwsClients;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/**
 * Tests over the whole action registry, Cloud Custodian style: every {@link ActionHandler} of the action packages (found by
 * scanning the compiled classes, so a new action cannot slip past) is a CDI bean, declares a description and its IAM permissions, and its
 * parameter schema rejects unknown keys. Handlers are built without CDI; none of them calls AWS here.
 */
class ActionRegistryTest {
    private static final Set<ParamSpec.Type> TYPES = EnumSet.complementOf(EnumSet.of(ParamSpec.Type.ANY));
    private static AwsClients clients;
    private static List<ActionHandler> handlers;

    @BeforeAll
    static void build() throws Exception {
        clients = new AwsClients(new AwsClients.Settings("us-east-1", null, null, null), AnonymousCredentialsProvider.create());
        handlers = new java.util.ArrayList<>();
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
        Path root = Path.of(AwsClients.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> out = new java.util.ArrayList<>();
        for (String pkg : List.of("dev/riposte/aws", "dev/riposte/notify")) {
            try (Stream<Path> files = Files.walk(root.resolve(pkg))) {
                for (Path f : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                    String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                    Class<?> c = Class.forName(name, false, ActionRegistryTest.class.getClassLoader());
                    if (ActionHandler.class.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())) {
                        out.add(c);
                    }
                }
            }
        }
        return out;
    }

    private static ActionHandler instantiate(Class<?> type) throws Exception {
        Constructor<?> ctor = Arrays.stream(type.getConstructors()).min(Comparator.comparingInt(Constructor::getParameterCount))
                .orElseThrow(() -> new AssertionError(type.getName() + " has no public constructor"));
        Object[] args = Arrays.stream(ctor.getParameterTypes()).map(ActionRegistryTest::argument).toArray();
        return (ActionHandler) ctor.newInstance(args);
    }

    private static Object argument(Class<?> type) {
        if (type == AwsClients.class) {
            return clients;
        }
        if (type == Optional.class) {
            return Optional.empty();
        }
        if (type == Config.class) {
            return ConfigProvider.getConfig();
        }
        throw new AssertionError("no test value for constructor parameter " + type.getName());
    }

    private static List<ActionSpec> specs() {
        return handlers.stream().map(ActionHandler::spec).toList();
    }

    @Test
    void theCatalogueHoldsEveryActionOnce() {
        ActionCatalogue catalogue = new ActionCatalogue(handlers);
        assertThat(catalogue.specs()).hasSameSizeAs(handlers);
        assertThat(catalogue.specs()).extracting(ActionSpec::id).contains("s3:block-public-access", "s3:block-account-public-access",
                "s3:enable-default-encryption", "s3:remove-public-policy-statements", "rds:disable-public-access",
                "lambda:remove-public-permission", "lambda:invoke", "kms:enable-key-rotation", "cloudtrail:start-logging",
                "ssm:start-automation", "stepfunctions:start-execution", "sns:publish", "notify:webhook", "notify:log",
                "wafv2:block-ip", "guardduty:archive-finding", "securityhub:update-finding", "events:put-events", "s3:put-object");
    }

    @Test
    void builtInRulesAndDocExamplesWriteOnlyCommandsTheCatalogueAccepts() throws Exception {
        ActionCatalogue catalogue = new ActionCatalogue(handlers);
        assertThat(dev.riposte.pipeline.RuleLoading.checkActions(dev.riposte.rules.RuleSources.builtIn(), catalogue)).isEmpty();
        String doc = Files.readString(Path.of("docs/fact-model.md"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?s)```drl\\n(.*?)```").matcher(doc);
        int n = 0;
        while (m.find()) {
            assertThat(dev.riposte.pipeline.RuleLoading.checkActions(List.of(new dev.riposte.rules.RuleFile("doc-" + n++ + ".drl", m.group(1))), catalogue))
                    .as(m.group(1)).isEmpty();
        }
        assertThat(n).isGreaterThan(5);
    }

    @Test
    void everyHandlerIsACdiBean() {
        assertThat(handlers).allSatisfy(h -> assertThat(h.getClass().isAnnotationPresent(ApplicationScoped.class))
                .as(h.getClass().getName() + " is @ApplicationScoped").isTrue());
    }

    @Test
    void everyActionHasADescriptionAndATargetTypeInCloudFormationStyle() {
        assertThat(specs()).allSatisfy(s -> {
            assertThat(s.description()).as(s.id()).isNotBlank();
            assertThat(s.targetType()).as(s.id()).satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).matches("AWS::\\w+::(\\w+|\\*)(\\|AWS::\\w+::\\w+)*"));
        });
    }

    @Test
    void everyAwsActionDeclaresItsIamPermissions() {
        assertThat(specs()).allSatisfy(s -> {
            if (!s.id().startsWith("notify:")) {
                assertThat(s.permissions()).as(s.id()).isNotEmpty();
            }
            assertThat(s.permissions()).as(s.id()).allSatisfy(p -> assertThat(p).matches("[a-z0-9-]+:[A-Z][A-Za-z0-9]+"));
        });
    }

    @Test
    void everyParameterSchemaRejectsUnknownKeys() {
        assertThat(specs()).allSatisfy(s -> assertThat(s.validate(Map.of("noSuchParameter", "x")))
                .as(s.id()).anySatisfy(p -> assertThat(p).startsWith("unknown parameter 'noSuchParameter' for " + s.id())));
    }

    @Test
    void parametersAreTypedAndNamedOnce() {
        assertThat(specs()).allSatisfy(s -> {
            assertThat(s.params()).extracting(ParamSpec::type).as(s.id()).allMatch(TYPES::contains);
            assertThat(s.params().stream().map(ParamSpec::name).collect(Collectors.toSet())).as(s.id()).hasSameSizeAs(s.params());
            assertThat(s.params()).extracting(ParamSpec::description).as(s.id()).allMatch(d -> d != null && !d.isBlank());
        });
    }

    @Test
    void onlyNotificationsAndForwardingAreNotMutating() {
        // forwarding (events:put-events, s3:put-object) writes to Riposte's own destinations, never to what it protects
        Set<String> notMutating = handlers.stream().filter(h -> !h.spec().mutating())
                .filter(h -> !h.spec().id().startsWith("notify:") && !h.carriesReport()).map(h -> h.spec().id())
                .collect(Collectors.toSet());
        assertThat(notMutating).isEmpty();
        assertThat(handlers).filteredOn(ActionHandler::carriesReport).extracting(h -> h.spec().id())
                .containsExactlyInAnyOrder("sns:publish", "notify:webhook", "events:put-events", "s3:put-object");
    }

    @Test
    void handlerClassesArePublicSoWiringOutsideCdiCanBuildThem() {
        assertThat(handlers).allSatisfy(h -> assertThat(Modifier.isPublic(h.getClass().getModifiers())).as(h.getClass().getName()).isTrue());
    }
}
