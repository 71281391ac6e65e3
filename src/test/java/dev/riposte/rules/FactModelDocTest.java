package dev.riposte.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every ```drl example in docs/fact-model.md compiles and lints cleanly, so the page cannot drift from the code. */
class FactModelDocTest {

    @Test
    void everyDrlExampleCompiles() throws IOException {
        String doc = Files.readString(Path.of("docs/fact-model.md"));
        Matcher m = Pattern.compile("```drl\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        List<RuleFile> files = new ArrayList<>();
        while (m.find()) {
            files.add(new RuleFile("examples/example" + files.size() + ".drl", m.group(1)));
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(6);
        for (RuleFile f : files) { // one at a time: each must stand alone, as a reader would copy it
            assertThat(RuleCompiler.compile(List.of(f), Duration.ofHours(1)).problems())
                    .as(f.content())
                    .isEmpty();
        }
        assertThat(RuleCompiler.compile(files, Duration.ofHours(1)).problems()).isEmpty();
    }
}
