package dev.riposte.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleSourcesTest {

    @Test
    void indexListsExactlyTheBuiltInDrlFiles() throws IOException {
        Path root = Path.of("src/main/resources/rules");
        List<String> onDisk;
        try (Stream<Path> walk = Files.walk(root)) {
            onDisk = walk.filter(p -> p.toString().endsWith(".drl"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
        assertThat(RuleSources.builtIn())
                .extracting(RuleFile::path)
                .as("src/main/resources/rules/index.txt is out of date: list every .drl below rules/, one a line")
                .containsExactlyElementsOf(onDisk);
        assertThat(RuleSources.builtIn())
                .allSatisfy(f -> assertThat(f.content()).contains("rule \""));
    }

    @Test
    void fromDirReadsDrlRecursivelySortedWithRelativePaths(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("b/deep"));
        Files.createDirectories(dir.resolve("a"));
        Files.writeString(dir.resolve("b/deep/z.drl"), "package rules.b.deep;");
        Files.writeString(dir.resolve("a/y.drl"), "package rules.a;");
        Files.writeString(dir.resolve("a/notes.md"), "not a rule");
        Files.writeString(dir.resolve("top.drl"), "package rules;");
        assertThat(RuleSources.fromDir(dir))
                .extracting(RuleFile::path)
                .containsExactly("a/y.drl", "b/deep/z.drl", "top.drl");
        assertThat(RuleSources.fromDir(dir).get(0).content()).isEqualTo("package rules.a;");
    }

    @Test
    void missingDirIsAClearError(@TempDir Path dir) {
        assertThatThrownBy(() -> RuleSources.fromDir(dir.resolve("nope")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rules directory not found");
    }
}
