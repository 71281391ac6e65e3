package dev.riposte.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.drools.model.Model;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.conf.EventProcessingOption;

/**
 * The frozen rule mode ({@code riposte.rules.mode=frozen}, and the only one a native image has): the rule set is the
 * executable model {@link RuleModelBuild} compiled at build time, loaded from its classes. No DRL is parsed and no class
 * is generated, so it cannot change while running: validating or hot-loading other rules needs the runtime mode.
 */
public final class FrozenRules {

    /** Names the model classes, the DRL version hash, the event expiry and where the rules came from. */
    static final String DESCRIPTOR = "riposte/frozen/rules.properties";
    /** Copies of the DRL the model was compiled from, by path: read (never compiled) by validate and test. */
    static final String DRL = "riposte/frozen/drl/";
    /** Picked up by GraalVM native-image from the classpath: the model classes, instantiated by name. */
    static final String NATIVE_CONFIG = "META-INF/native-image/dev.riposte/frozen-rules/reflect-config.json";

    /** What the build compiled, as its descriptor says. */
    public record Description(
            String version, Duration eventExpiry, String source, List<String> files, List<String> models) {}

    private FrozenRules() {}

    /** Whether this build carries a frozen model (the build writes one unless told to skip it). */
    public static boolean available() {
        return FrozenRules.class.getClassLoader().getResource(DESCRIPTOR) != null;
    }

    /** The model compiled into this build. */
    public static Description describe() {
        return describe(FrozenRules.class.getClassLoader());
    }

    static Description describe(ClassLoader loader) {
        Properties p = new Properties();
        try (InputStream in = loader.getResourceAsStream(DESCRIPTOR)) {
            if (in == null) {
                throw new IllegalStateException(
                        "no frozen rule model in this build (" + DESCRIPTOR + " is missing): it is "
                                + "compiled by `./mvnw package` (process-classes); use riposte.rules.mode=runtime to compile DRL instead");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Description(
                p.getProperty("version"),
                Duration.ofMillis(Long.parseLong(p.getProperty("event-expiry-ms"))),
                p.getProperty("source"),
                list(p.getProperty("files")),
                list(p.getProperty("models")));
    }

    private static List<String> list(String commaSeparated) {
        return commaSeparated == null
                ? List.of()
                : Stream.of(commaSeparated.split(",")).filter(s -> !s.isBlank()).toList();
    }

    /** The DRL the model was compiled from (as it was at build), sorted by path. */
    public static List<RuleFile> files() {
        ClassLoader loader = FrozenRules.class.getClassLoader();
        List<RuleFile> files = new ArrayList<>();
        for (String path : describe(loader).files()) {
            try (InputStream in = loader.getResourceAsStream(DRL + path)) {
                if (in == null) {
                    throw new IllegalStateException(
                            "frozen rule model incomplete: " + DRL + path + " is missing; rebuild with ./mvnw package");
                }
                files.add(new RuleFile(path, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(files);
    }

    /** Whether {@code files} are the rules the model was compiled from (the same content hash). */
    public static boolean compiledFrom(List<RuleFile> files) {
        List<RuleFile> sorted =
                files.stream().sorted(Comparator.comparing(RuleFile::path)).toList();
        return RuleCompiler.version(sorted).equals(describe().version());
    }

    /** The rule set of the model compiled into this build. */
    public static RuleSet load() {
        return load(FrozenRules.class.getClassLoader());
    }

    /** The rule set of the model whose descriptor and classes {@code loader} finds. */
    static RuleSet load(ClassLoader loader) {
        Description d = describe(loader);
        List<Model> models = new ArrayList<>();
        for (String name : d.models()) {
            try {
                models.add(
                        (Model) loader.loadClass(name).getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new IllegalStateException(
                        "frozen rule model class " + name + " cannot be loaded (" + e
                                + "): rebuild with ./mvnw package",
                        e);
            }
        }
        KieBaseConfiguration conf = KieServices.Factory.get().newKieBaseConfiguration();
        conf.setOption(EventProcessingOption.STREAM);
        KieBase kieBase = KieBaseBuilder.createKieBaseFromModel(models, conf);
        return new RuleSet(kieBase, d.version(), d.eventExpiry());
    }
}
