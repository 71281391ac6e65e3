package dev.riposte.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.riposte.audit.AuditRecord;
import dev.riposte.decision.Mode;
import dev.riposte.decision.Outcome;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NativeReflectionTest {

    @Test
    void everyFactAndCommandTypeAndTheAuditRecordAreRegistered() {
        RegisterForReflection r = NativeReflection.class.getAnnotation(RegisterForReflection.class);
        assertThat(r).as("@RegisterForReflection is kept at run time").isNotNull();
        Set<Class<?>> registered = Set.of(r.targets());
        List<String> needed = new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.riposte.fact", "dev.riposte.command")
                        .stream()
                        .filter(JavaClass::isTopLevelClass)
                        .filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC)) // DRL sees public types only
                        .map(JavaClass::getName)
                        .sorted()
                        .toList();
        assertThat(needed).contains("dev.riposte.fact.SecurityEvent", "dev.riposte.command.ActionCommand");
        assertThat(registered.stream().map(Class::getName).collect(Collectors.toSet()))
                .containsAll(needed);
        assertThat(registered).contains(AuditRecord.class, Outcome.class, Mode.class);
    }
}
