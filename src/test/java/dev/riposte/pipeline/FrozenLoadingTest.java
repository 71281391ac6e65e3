package dev.riposte.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.rules.FrozenRules;
import dev.riposte.rules.RuleEngine;
import dev.riposte.rules.RuleFile;
import dev.riposte.rules.RuleMode;
import dev.riposte.rules.RuleSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What validate, test, replay and serve load in frozen mode (riposte.rules.mode=frozen, and every native executable). */
class FrozenLoadingTest {

    static final Duration HOUR = Duration.ofHours(1);
    final ActionCatalogue catalogue = new ActionCatalogue(RuleLoading.actionsUsed(RuleSources.builtIn()).stream()
            .map(id -> (ActionHandler) new BuiltInSamplesTest.PlanOnly(id))
            .toList());

    @Test
    void theModeIsRuntimeUnlessSetAndANativeImageIsAlwaysFrozen() {
        assertThat(RuleLoading.mode(null, false)).isEqualTo(RuleMode.RUNTIME);
        assertThat(RuleLoading.mode(" Frozen ", false)).isEqualTo(RuleMode.FROZEN);
        assertThat(RuleLoading.mode(null, true)).isEqualTo(RuleMode.FROZEN);
        assertThat(RuleLoading.mode("frozen", true)).isEqualTo(RuleMode.FROZEN);
        assertThatThrownBy(() -> RuleLoading.mode("runtime", true)).hasMessageContaining("needs the JVM image");
        assertThatThrownBy(() -> RuleLoading.mode("compiled", false))
                .hasMessage("riposte.rules.mode must be runtime or frozen, got 'compiled'");
    }

    @Test
    void withoutAFolderFrozenModeLoadsTheBuildsModelAndItsRules() {
        RuleLoading.Loaded loaded = RuleLoading.load(RuleMode.FROZEN, null, HOUR, catalogue);
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.rules().version()).isEqualTo(FrozenRules.describe().version());
        assertThat(loaded.files()).isEqualTo(RuleSources.builtIn());
    }

    @Test
    void aFolderWithTheSameRulesIsAcceptedAndAnyOtherNeedsTheRuntimeMode(@TempDir Path dir) throws IOException {
        for (RuleFile f : RuleSources.builtIn()) {
            Path p = dir.resolve(f.path());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.content());
        }
        assertThat(RuleLoading.load(RuleMode.FROZEN, dir, HOUR, catalogue).ok())
                .as("the rules the model was built from")
                .isTrue();

        Path changed = dir.resolve("cloudtrail/console-login.drl");
        Files.writeString(changed, Files.readString(changed) + "\n// edited\n");
        RuleLoading.Loaded loaded = RuleLoading.load(RuleMode.FROZEN, dir, HOUR, catalogue);
        assertThat(loaded.ok()).isFalse();
        assertThat(loaded.problems()).singleElement().satisfies(p -> {
            assertThat(p.message())
                    .startsWith("frozen rule mode runs only the rules compiled at build (built-in, version "
                            + FrozenRules.describe().version() + ")")
                    .contains("loading them means compiling DRL");
            assertThat(p.hint()).contains("riposte.rules.mode=runtime").contains("-Driposte.rules.dir=" + dir);
        });
        assertThat(RuleLoading.load(RuleMode.RUNTIME, dir, HOUR, catalogue).ok())
                .as("the runtime mode compiles them")
                .isTrue();
    }

    @Test
    void serveInFrozenModeRunsTheBuildsRulesWhateverTheFolderHoldsAndRefusesToReload(@TempDir Path dir)
            throws IOException {
        Files.createDirectories(dir.resolve("x"));
        Files.writeString(dir.resolve("x/other.drl"), "package rules.x;\n");
        try (RuleEngine engine = RuleLoading.frozenEngine(Optional.of(dir), catalogue)) {
            assertThat(engine.current().version())
                    .isEqualTo(FrozenRules.describe().version());
            assertThat(engine.reload())
                    .singleElement()
                    .satisfies(p -> assertThat(p.message()).startsWith("hot reload is disabled"));
        }
    }
}
