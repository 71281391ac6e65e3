package dev.riposte;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps README's configuration table ("## Configuration") equal to the {@code riposte.*} keys the code reads:
 * every {@code "riposte.…"} string literal in src/main/java (except metric and logger names) and every key set
 * in application.properties must have a row, every row must name a key that is still read, and where a default
 * is declared (application.properties, else {@code @ConfigProperty(defaultValue)}) the row shows it.
 */
class ConfigurationReferenceTest {
    static final Path SOURCES = Path.of("src/main/java");
    static final Path PROPERTIES = Path.of("src/main/resources/application.properties");
    static final Path README = Path.of("README.md");

    static final Pattern LITERAL = Pattern.compile("\"(riposte\\.[a-z0-9][a-z0-9.-]*[a-z0-9])\"");
    /**
     * Literals passed to Micrometer builders / registry shortcuts, to a logger factory or as a request property
     * name meters, loggers and properties, not keys. ({@code System.setProperty} is skipped too: a key set there
     * is also read somewhere.)
     */
    static final Pattern NOT_A_KEY = Pattern.compile(
            "(?:builder|counter|timer|gauge|summary|getLogger|getLog|setProperty|getProperty)\\(\\s*(\"riposte\\.[^\"]+\"|[A-Z][A-Z0-9_]*)\\s*[,)]");
    static final Pattern CONSTANT = Pattern.compile("\\b([A-Z][A-Z0-9_]*)\\s*=\\s*\"(riposte\\.[^\"]+)\"\\s*;");
    static final Pattern CONFIG_PROPERTY = Pattern.compile(
            "@ConfigProperty\\(\\s*name\\s*=\\s*\"(riposte\\.[^\"]+)\"\\s*(?:,\\s*defaultValue\\s*=\\s*\"([^\"]*)\")?");
    static final Pattern PROPERTY_LINE = Pattern.compile("^(?:%[a-z-]+\\.)?(riposte\\.[a-z0-9.-]+)\\s*[=:]\\s*(.*)$");
    static final Pattern ROW = Pattern.compile("^\\|\\s*`(riposte\\.[a-z0-9.-]+)`\\s*\\|([^|]*)\\|");

    @Test
    void readmeListsExactlyTheKeysTheCodeReads() {
        SortedSet<String> read = new TreeSet<>(keysInSources().keySet());
        read.addAll(propertiesKeys().keySet());
        SortedSet<String> documented = new TreeSet<>(readmeRows().keySet());

        SortedSet<String> missing = new TreeSet<>(read);
        missing.removeAll(documented);
        SortedSet<String> stale = new TreeSet<>(documented);
        stale.removeAll(read);
        assertThat(missing).as("riposte.* keys the code reads that README's \"## Configuration\" table lacks (add a row: "
                + "| `key` | `default` | meaning |); a metric or logger name belongs in a Micrometer builder or getLogger call").isEmpty();
        assertThat(stale).as("rows in README's configuration table for keys nothing reads any more").isEmpty();
    }

    @Test
    void readmeShowsTheDeclaredDefaults() {
        Map<String, String> defaults = new TreeMap<>();
        keysInSources().forEach((k, v) -> {
            if (v != null) {
                defaults.put(k, v);
            }
        });
        defaults.putAll(propertiesKeys()); // what the packaged app runs with wins over an annotation default
        Map<String, String> rows = readmeRows();
        defaults.forEach((key, value) -> {
            if (rows.containsKey(key) && !value.isBlank()) {
                assertThat(rows.get(key)).as("README default of " + key).contains("`" + value + "`");
            }
        });
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
                c.getOptionalValue("riposte.rules.dir", String.class);
                c.getOptionalValue(KEY, String.class);
                @ConfigProperty(name = "riposte.breaker.limit", defaultValue = "10") int limit;
                """;
        Map<String, String> keys = new TreeMap<>();
        scan(source, keys);
        assertThat(keys).containsOnlyKeys("riposte.some.key", "riposte.rules.dir", "riposte.breaker.limit")
                .containsEntry("riposte.breaker.limit", "10");
    }

    /** Keys found in the Java sources, with the {@code @ConfigProperty} default where one is declared (else null). */
    static SortedMap<String, String> keysInSources() {
        SortedMap<String, String> keys = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> scan(read(p), keys));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
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
        Matcher cp = CONFIG_PROPERTY.matcher(source);
        while (cp.find()) {
            if (cp.group(2) != null) {
                keys.put(cp.group(1), cp.group(2));
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
                assertThat(rows.put(m.group(1), m.group(2).strip())).as("README lists " + m.group(1) + " twice").isNull();
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
