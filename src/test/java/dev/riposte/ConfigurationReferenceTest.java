package dev.riposte;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.config.RiposteConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps README's configuration table ("## Configuration") equal to the {@code riposte.*} keys of the typed configuration,
 * {@link RiposteConfig}, walked reflectively: every key of the mapping (and every key application.properties sets) has a
 * row, every row names a key of the mapping, and where the mapping declares a default ({@code @WithDefault}) the row shows
 * it. Defaults are declared once (application.properties does not repeat them), nothing reads a {@code riposte.*} key
 * around the mapping, and every {@code "riposte.…"} string literal in src/main/java (error messages, constants; not
 * metric and logger names) names a key that exists.
 */
class ConfigurationReferenceTest {
    static final Path SOURCES = Path.of("src/main/java");
    static final Path PROPERTIES = Path.of("src/main/resources/application.properties");
    static final Path README = Path.of("README.md");

    static final Pattern LITERAL = Pattern.compile("\"(riposte\\.[a-z0-9][a-z0-9.-]*[a-z0-9])\"");
    /**
     * Literals passed to Micrometer builders / registry shortcuts (or a helper taking the registry first), to a logger
     * factory or as a request property name meters, loggers and properties, not keys. ({@code System.setProperty} is
     * skipped too: a key set there is also read somewhere.)
     */
    static final Pattern NOT_A_KEY = Pattern.compile(
            "(?:builder|counter|timer|gauge|summary|getLogger|getLog|setProperty|getProperty)\\(\\s*(?:[a-z][A-Za-z0-9_]*\\s*,\\s*)?"
                    + "(\"riposte\\.[^\"]+\"|[A-Z][A-Z0-9_]*)\\s*[,)]");

    static final Pattern CONSTANT = Pattern.compile("\\b([A-Z][A-Z0-9_]*)\\s*=\\s*\"(riposte\\.[^\"]+)\"\\s*;");
    /** Reading a {@code riposte.*} key without the mapping: an injected property or a lookup by name. */
    static final Pattern AROUND_THE_MAPPING = Pattern.compile(
            "@ConfigProperty\\(\\s*name\\s*=\\s*\"riposte\\.|get(?:Optional)?Values?\\(\\s*\"riposte\\.");

    static final Pattern PROPERTY_LINE = Pattern.compile("^(?:%[a-z-]+\\.)?(riposte\\.[a-z0-9.-]+)\\s*[=:]\\s*(.*)$");
    static final Pattern ROW = Pattern.compile("^\\|\\s*`(riposte\\.[a-z0-9.<>-]+)`\\s*\\|([^|]*)\\|");

    @Test
    void readmeListsExactlyTheKeysOfTheMapping() {
        SortedSet<String> keys = new TreeSet<>(mappingKeys().keySet());
        SortedSet<String> documented = new TreeSet<>(readmeRows().keySet());

        SortedSet<String> missing = new TreeSet<>(keys);
        missing.removeAll(documented);
        SortedSet<String> stale = new TreeSet<>(documented);
        stale.removeAll(keys);
        assertThat(missing)
                .as("riposte.* keys of RiposteConfig that README's \"## Configuration\" table lacks (add a row: "
                        + "| `key` | `default` | meaning |)")
                .isEmpty();
        assertThat(stale)
                .as("rows in README's configuration table for keys RiposteConfig does not have")
                .isEmpty();
    }

    @Test
    void readmeShowsTheDeclaredDefaults() {
        Map<String, String> rows = readmeRows();
        mappingKeys().forEach((key, value) -> {
            if (value != null && rows.containsKey(key) && !value.isBlank()) {
                assertThat(rows.get(key)).as("README default of " + key).contains("`" + value + "`");
            }
        });
    }

    @Test
    void applicationPropertiesSetsOnlyKeysOfTheMappingAndRepeatsNoDefault() {
        Map<String, String> declared = mappingKeys();
        propertiesKeys().forEach((key, value) -> {
            assertThat(declared)
                    .as("application.properties sets " + key + ", which RiposteConfig does not have")
                    .containsKey(key);
            assertThat(value)
                    .as(key + " in application.properties repeats the default RiposteConfig declares: remove the line")
                    .isNotEqualTo(declared.get(key));
        });
    }

    @Test
    void nothingReadsARiposteKeyAroundTheMapping() {
        List<String> around = new ArrayList<>();
        eachSource((file, source) -> {
            Matcher m = AROUND_THE_MAPPING.matcher(source);
            while (m.find()) {
                around.add(file + ": " + m.group());
            }
        });
        assertThat(around)
                .as("riposte.* keys are read through RiposteConfig (inject it, or RiposteConfig.of outside CDI)")
                .isEmpty();
    }

    @Test
    void everyKeyTheSourcesNameExists() {
        SortedSet<String> named = new TreeSet<>(keysInSources().keySet());
        named.removeAll(mappingKeys().keySet());
        assertThat(named)
                .as("\"riposte.…\" literals in src/main/java that are no key of RiposteConfig (a stale key in an error"
                        + " message?); a metric or logger name belongs in a Micrometer builder or getLogger call")
                .isEmpty();
    }

    @Test
    void theMappingWalkFindsNestedRenamedAndMapKeysWithTheirDefaults() {
        Map<String, String> keys = mappingKeys();
        assertThat(keys)
                .containsEntry("riposte.dry-run", "true")
                .containsEntry("riposte.dry-run.validate", "false")
                .containsEntry("riposte.rate-limit.action.default", "2/1s burst=20")
                .containsEntry("riposte.state.dynamodb.table", "riposte-state")
                .containsKey("riposte.notify.webhooks.<name>")
                .containsKey("riposte.breaker.per-account-limit");
        assertThat(keys.get("riposte.breaker.per-account-limit")).isNull();
    }

    @Test
    void theScannerTellsKeysFromMetricAndLoggerNames() {
        String source = """
                static final String LOGGER = "riposte.notify";
                static final String KEY = "riposte.some.key";
                static final String PRINCIPAL = "riposte.admin.principal";
                request.setProperty(PRINCIPAL, who);
                Logger log = Logger.getLogger(LOGGER);
                Counter.builder("riposte.events").register(r);
                registry.counter("riposte.other.meter", "k", "v");
                received = counter(registry, "riposte.sqs.received", "SQS messages received");
                c.getOptionalValue("riposte.rules.dir", String.class);
                c.getOptionalValue(KEY, String.class);
                """;
        Map<String, String> keys = new TreeMap<>();
        scan(source, keys);
        assertThat(keys).containsOnlyKeys("riposte.some.key", "riposte.rules.dir");
        assertThat(AROUND_THE_MAPPING.matcher(source).find()).isTrue();
        assertThat(AROUND_THE_MAPPING
                        .matcher("@ConfigProperty(name = \"quarkus.http.host\") String host;")
                        .find())
                .isFalse();
    }

    /** Every key of {@link RiposteConfig} with its {@code @WithDefault} (null when it has none); a map's keys as {@code <name>}. */
    static SortedMap<String, String> mappingKeys() {
        SortedMap<String, String> keys = new TreeMap<>();
        walk(
                RiposteConfig.class,
                RiposteConfig.class.getAnnotation(ConfigMapping.class).prefix(),
                keys);
        return keys;
    }

    private static void walk(Class<?> group, String prefix, Map<String, String> keys) {
        for (Method m : group.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.isDefault() || m.getParameterCount() > 0) {
                continue;
            }
            WithName renamed = m.getAnnotation(WithName.class);
            String key = prefix + "." + (renamed != null ? renamed.value() : kebab(m.getName()));
            Class<?> type = m.getReturnType();
            WithDefault declared = m.getAnnotation(WithDefault.class);
            if (type == Map.class) {
                keys.put(key + ".<name>", null);
            } else if (type.isInterface() && type.getName().startsWith(RiposteConfig.class.getName())) {
                walk(type, key, keys);
            } else {
                keys.put(key, declared == null ? null : declared.value());
            }
        }
    }

    /** The mapping's naming: {@code cacheTtl} is {@code cache-ttl}. */
    static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** Keys named by string literals in the Java sources. */
    static SortedMap<String, String> keysInSources() {
        SortedMap<String, String> keys = new TreeMap<>();
        eachSource((file, source) -> scan(source, keys));
        return keys;
    }

    private static void eachSource(BiConsumer<Path, String> action) {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> action.accept(p, read(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void scan(String source, Map<String, String> keys) {
        Map<String, String> constants = new TreeMap<>();
        Matcher c = CONSTANT.matcher(source);
        while (c.find()) {
            constants.put(c.group(1), c.group(2));
        }
        Set<String> notKeys = new TreeSet<>();
        Matcher n = NOT_A_KEY.matcher(source);
        while (n.find()) {
            String arg = n.group(1);
            notKeys.add(arg.startsWith("\"") ? arg.substring(1, arg.length() - 1) : constants.getOrDefault(arg, arg));
        }
        Matcher l = LITERAL.matcher(source);
        while (l.find()) {
            if (!notKeys.contains(l.group(1))) {
                keys.putIfAbsent(l.group(1), null);
            }
        }
    }

    /** Keys set in application.properties (any profile), with their values. */
    static SortedMap<String, String> propertiesKeys() {
        SortedMap<String, String> keys = new TreeMap<>();
        for (String line : read(PROPERTIES).lines().map(String::strip).toList()) {
            Matcher m = PROPERTY_LINE.matcher(line);
            if (m.matches()) {
                keys.put(m.group(1), m.group(2).strip());
            }
        }
        return keys;
    }

    /** Rows of README's configuration table: key -> default cell. */
    static SortedMap<String, String> readmeRows() {
        String readme = read(README);
        int start = readme.indexOf("\n## Configuration\n");
        assertThat(start).as("README has a \"## Configuration\" section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        SortedMap<String, String> rows = new TreeMap<>();
        for (String line : section.lines().toList()) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                assertThat(rows.put(m.group(1), m.group(2).strip()))
                        .as("README lists " + m.group(1) + " twice")
                        .isNull();
            }
        }
        return rows;
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
