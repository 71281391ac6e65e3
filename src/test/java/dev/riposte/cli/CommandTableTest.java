package dev.riposte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Issue 18.7 and the README's promise: its command table has a row for every command {@code riposte help} lists (and
 * none for a command that does not exist), each row's options are options of that command, and its first two command
 * lines are the ones every page refers to (ReadmeCommandsIT runs the first one).
 */
class CommandTableTest {
    static final Pattern ROW = Pattern.compile("^\\| `riposte ([a-z-]+)([^`]*)` \\|", Pattern.MULTILINE);
    static final Pattern OPTION = Pattern.compile("(--[a-z][a-z-]*)");

    static Map<String, String> readmeRows() throws IOException {
        Map<String, String> rows = new TreeMap<>();
        Matcher m = ROW.matcher(Files.readString(Path.of("README.md")));
        while (m.find()) {
            rows.put(m.group(1), m.group(2));
        }
        return rows;
    }

    @Test
    void theReadmeHasARowForEveryCommandWithItsRealOptions() throws IOException {
        Map<String, CommandLine> commands = new CommandLine(new RiposteCommand()).getSubcommands();
        Map<String, String> rows = readmeRows();
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(commands.keySet());
        rows.forEach((name, usage) -> {
            Set<String> options = new TreeSet<>();
            commands.get(name).getCommandSpec().options().forEach(o -> options.addAll(List.of(o.names())));
            Matcher o = OPTION.matcher(usage);
            while (o.find()) {
                assertThat(options)
                        .as("riposte %s in README shows %s", name, o.group(1))
                        .contains(o.group(1));
            }
        });
    }

    @Test
    void theReadmeStartsWithItsTwoCommands() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        assertThat(lines.subList(0, 6))
                .containsExactly(
                        "# Riposte",
                        "",
                        "```sh",
                        "./mvnw -q package -DskipTests && ./riposte replay samples/   # replay the sample events through the"
                                + " built-in rules, dry-run: prints the plan",
                        "./mvnw -B verify                                            # run the tests (what CI runs: bash"
                                + " .ci/run)",
                        "```");
        assertThat(Path.of("riposte")).isExecutable();
        assertThat(Files.readString(Path.of("riposte"))).contains("target/quarkus-app/quarkus-run.jar");
        assertThat(Path.of(".ci/run")).exists();
    }
}
