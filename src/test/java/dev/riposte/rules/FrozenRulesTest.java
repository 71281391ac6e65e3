package dev.riposte.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedClassLoader;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.drools.model.Model;
import org.junit.jupiter.api.Test;

/** The frozen rule mode: the executable model compiled by the build, loaded without compiling anything. */
class FrozenRulesTest {

    @Test
    void theBuildCompiledTheBuiltInRulesAsTheyAreNow() {
        FrozenRules.Description built = FrozenRules.describe();
        assertThat(built.version())
                .as("the model is stale: ./mvnw process-classes rebuilds it")
                .isEqualTo(RuleSources.version(RuleSources.builtIn()));
        assertThat(built.source()).isEqualTo("built-in");
        assertThat(built.eventExpiry()).isEqualTo(Duration.ofHours(1));
        assertThat(FrozenRules.files()).isEqualTo(RuleSources.builtIn());
        assertThat(FrozenRules.compiledFrom(RuleSources.builtIn())).isTrue();
        assertThat(FrozenRules.compiledFrom(List.of(new RuleFile("a/b.drl", "package rules.a;"))))
                .isFalse();

        RuleSet frozen = FrozenRules.load();
        RuleSet compiled =
                RuleCompiler.compile(RuleSources.builtIn(), Duration.ofHours(1)).ruleSet();
        assertThat(frozen.version()).isEqualTo(compiled.version());
        assertThat(frozen.ruleNames()).isEqualTo(compiled.ruleNames()).hasSizeGreaterThan(20);
        assertThat(frozen.eventExpiry()).isEqualTo(compiled.eventExpiry());
    }

    @Test
    void theBuildRegistersTheModelClassesForNativeReflection() throws Exception {
        List<String> models = FrozenRules.describe().models();
        assertThat(models).hasSizeGreaterThanOrEqualTo(6); // one a rule package
        try (InputStream in = FrozenRules.class.getClassLoader().getResourceAsStream(FrozenRules.NATIVE_CONFIG)) {
            assertThat(in).as(FrozenRules.NATIVE_CONFIG).isNotNull();
            JsonNode config = new ObjectMapper().readTree(in);
            List<String> registered = new ArrayList<>();
            config.forEach(entry -> registered.add(entry.path("name").asText()));
            assertThat(registered).containsExactlyElementsOf(models);
        }
        for (String m : models) {
            assertThat(Model.class.isAssignableFrom(Class.forName(m))).as(m).isTrue();
        }
    }

    @Test
    void hotReloadIsRefusedInFrozenMode() {
        RuleEngine engine = RuleEngine.frozen(FrozenRules.load());
        engine.start(); // watches nothing
        List<Problem> problems = engine.reload();
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.message()).startsWith("hot reload is disabled in frozen mode");
            assertThat(p.hint()).contains("riposte.rules.mode=runtime");
        });
        assertThat(engine.current().version()).isEqualTo(FrozenRules.describe().version());
        assertThat(engine.status().reloadsFailed()).isZero();
        engine.close();
    }

    /**
     * The classes defined while {@code work} ran by a Drools class loader: the ones Drools generates (rule consequences and
     * predicates in a PackageClassLoader, field accessors in a ByteArrayClassLoader) and defines itself.
     */
    private static Set<String> generatedClasses(Runnable work) throws IOException {
        Set<String> names = new TreeSet<>();
        Path file = Files.createTempFile("class-define", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ClassDefine");
            recording.start();
            work.run();
            recording.stop();
            recording.dump(file);
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                RecordedClassLoader loader = e.getValue("definingClassLoader");
                RecordedClass defined = e.getValue("definedClass");
                if (loader != null
                        && loader.getType() != null
                        && loader.getType().getName().startsWith("org.drools.")) {
                    names.add(defined.getName());
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return names;
    }

    @Test
    void theFrozenModelGeneratesNoClassWhereTheRuntimeCompileDoes() throws IOException {
        Runnable evaluate = () -> FrozenProbe.run(false);
        assertThat(generatedClasses(evaluate))
                .as("the runtime compile defines rule classes (so this check can fail)")
                .isNotEmpty();
        assertThat(generatedClasses(() -> FrozenProbe.run(true)))
                .as("classes generated by the frozen mode")
                .isEmpty();
    }

    /** The DRL parser, MVEL, the executable-model code generator and the Java compilers. */
    static final List<String> COMPILERS = List.of(
            "org.drools.drl.parser.",
            "org.drools.drl.ast.",
            "org.drools.compiler.rule.builder.",
            "org.drools.mvel.builder.",
            "org.drools.mvel.java.",
            "org.drools.mvel.asm.",
            "org.drools.mvel.jit.",
            "org.mvel2.compiler.",
            "org.drools.model.codegen.",
            "com.github.javaparser.",
            "org.eclipse.jdt.",
            "javax.tools.",
            "com.sun.tools.javac.",
            "org.kie.memorycompiler.jdknative.");

    /** Child-first over the test class path; refuses (and records) every compiler class it is asked for. */
    static final class NoCompilers extends URLClassLoader {
        final Set<String> asked = new TreeSet<>();

        NoCompilers(URL[] urls) {
            super("no-compilers", urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (COMPILERS.stream().anyMatch(name::startsWith)) {
                asked.add(name);
                throw new ClassNotFoundException(name + " is not available in this class loader");
            }
            return super.loadClass(name, resolve);
        }
    }

    @Test
    void theFrozenModelRunsWithoutParserMvelOrCodeGenerator() throws Exception {
        URL[] urls = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(FrozenRulesTest::url)
                .toArray(URL[]::new);
        List<String> expected = FrozenProbe.run(false);
        assertThat(expected).as("the probe's events fire rules").hasSizeGreaterThanOrEqualTo(3);
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        try (NoCompilers loader = new NoCompilers(urls)) {
            t.setContextClassLoader(loader);
            Object out = loader.loadClass(FrozenProbe.class.getName())
                    .getMethod("run", boolean.class)
                    .invoke(null, true);
            assertThat(out).isEqualTo(expected);
            assertThat(loader.asked)
                    .as("compiler classes asked for while loading and running the frozen model")
                    .isEmpty();
        } finally {
            t.setContextClassLoader(before);
        }
    }

    private static URL url(String path) {
        try {
            return Path.of(path).toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
