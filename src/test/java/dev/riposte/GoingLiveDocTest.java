package dev.riposte;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 18.12: docs/going-live.md walks the path in order (replay, dry-run with AWS's verdict, shadow, limits, live, roll
 * back, watch), and everything it tells operators to set, run, call or open exists: configuration keys and their
 * environment variables, commands, admin endpoints, metrics, the rule annotation and the files it links.
 */
class GoingLiveDocTest {
    static final Path PAGE = Path.of("docs/going-live.md");

    static String page() throws IOException {
        return Files.readString(PAGE);
    }

    @Test
    void theStepsComeInOrder() throws IOException {
        List<String> headings = page().lines()
                .filter(l -> l.startsWith("## "))
                .map(l -> l.substring(3))
                .toList();
        assertThat(headings)
                .containsExactly(
                        "1. Replay your history",
                        "2. Serve in dry-run, with AWS's verdict",
                        "3. Shadow the risky rules",
                        "4. Set the limits",
                        "5. Go live",
                        "Roll back",
                        "Watch it");
    }

    @Test
    void everyKeyAndVariableItNamesIsOneRiposteReads() throws IOException {
        Set<String> keys = ConfigurationReferenceTest.mappingKeys().keySet();
        Set<String> named = new TreeSet<>();
        // `riposte.x` in code spans and prose, but not the logger it names ("logger `riposte.decisions`")
        Matcher m = Pattern.compile("(?<!logger `)\\b(riposte\\.[a-z0-9.-]*[a-z0-9])")
                .matcher(page());
        while (m.find()) {
            named.add(m.group(1));
        }
        assertThat(named).hasSizeGreaterThan(10);
        assertThat(named)
                .allSatisfy(k -> assertThat(keys).as("a key of RiposteConfig").contains(k));

        Set<String> variables = new TreeSet<>();
        Matcher env = Pattern.compile("\\bRIPOSTE_[A-Z0-9_]+").matcher(page());
        while (env.find()) {
            variables.add(env.group());
        }
        assertThat(variables).isNotEmpty();
        Set<String> environmentForms = new TreeSet<>();
        keys.forEach(k -> environmentForms.add(k.replaceAll("[^a-z0-9]", "_").toUpperCase(Locale.ROOT)));
        assertThat(environmentForms).containsAll(variables);
    }

    @Test
    void theCommandsEndpointsAndMetricsItNamesExist() throws IOException {
        String page = page();
        String main = sources("src/main/java");

        Set<String> commands = new TreeSet<>();
        Matcher c = Pattern.compile("(?:`|^)(?:\\./)?riposte ([a-z-]+)(?![a-z:-])", Pattern.MULTILINE)
                .matcher(page);
        while (c.find()) {
            commands.add(c.group(1));
        }
        assertThat(commands).contains("replay", "breaker", "iam-policy");
        commands.forEach(name -> assertThat(main.contains("name = \"" + name + "\""))
                .as("a command riposte " + name)
                .isTrue());

        Matcher admin = Pattern.compile("(GET|POST) (/admin/[a-z]+)").matcher(page);
        int endpoints = 0;
        while (admin.find()) {
            endpoints++;
            assertThat(main.contains("@Path(\"" + admin.group(2) + "\")"))
                    .as(admin.group())
                    .isTrue();
        }
        assertThat(endpoints).isPositive();

        // Prometheus names as README's metric table lists them (ObservabilityIT scrapes the real ones)
        String readme = Files.readString(Path.of("README.md"));
        Matcher metric = Pattern.compile("`(riposte_[a-z_]+)").matcher(page);
        int metrics = 0;
        while (metric.find()) {
            metrics++;
            assertThat(readme.contains("`" + metric.group(1)))
                    .as("README lists " + metric.group(1))
                    .isTrue();
        }
        assertThat(metrics).isPositive();

        // `@mode("shadow")` is how the built-in rules spell it, and the live start-up line says LIVE
        assertThat(page).contains("@mode(\"shadow\")");
        assertThat(sources("src/main/resources/rules").contains("@mode(\"shadow\")"))
                .isTrue();
        assertThat(page).contains("riposte serving: rules ..., LIVE");
        assertThat(main.contains("\"riposte serving: rules %s from %s, %s, audit to %s\"") && main.contains("\"LIVE\""))
                .as("LiveService's start-up line")
                .isTrue();
    }

    @Test
    void everyFileItLinksExists() throws IOException {
        Matcher link = Pattern.compile("\\]\\(([^)#]+)(?:#[^)]*)?\\)").matcher(page());
        List<String> links = new ArrayList<>();
        while (link.find()) {
            if (!link.group(1).startsWith("http")) {
                links.add(link.group(1));
            }
        }
        assertThat(links).isNotEmpty();
        assertThat(links)
                .allSatisfy(l -> assertThat(PAGE.getParent().resolve(l)).as(l).exists());
    }

    static String sources(String root) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(Path.of(root))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(f)).append('\n');
            }
        }
        return all.toString();
    }
}
