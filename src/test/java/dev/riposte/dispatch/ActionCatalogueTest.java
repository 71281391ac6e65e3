package dev.riposte.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riposte.command.ActionCommand;
import dev.riposte.text.Strings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActionCatalogueTest {
    private final FakeHandler isolate = new FakeHandler("ec2:isolate-instance");
    private final FakeHandler stop = new FakeHandler(
            "ec2:stop-instance",
            List.of(
                    ParamSpec.required("force", ParamSpec.Type.BOOL, "force"),
                    ParamSpec.optional("reason", ParamSpec.Type.STRING, "why")));
    private final ActionCatalogue catalogue = new ActionCatalogue(List.of(stop, isolate));

    @Test
    void findsHandlersById() {
        assertThat(catalogue.find("ec2:isolate-instance")).containsSame(isolate);
        assertThat(catalogue.find("ec2:nothing")).isEmpty();
        assertThat(catalogue.find(null)).isEmpty();
    }

    @Test
    void specsAreSortedById() {
        assertThat(catalogue.specs())
                .extracting(ActionSpec::id)
                .containsExactly("ec2:isolate-instance", "ec2:stop-instance");
    }

    @Test
    void rejectsDuplicateIds() {
        assertThatThrownBy(() -> new ActionCatalogue(List.of(isolate, new FakeHandler("ec2:isolate-instance"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate action id 'ec2:isolate-instance'");
    }

    @Test
    void unknownActionSuggestsTheNearestId() {
        assertThat(catalogue.validate(ActionCommand.of("ec2:isolate-instanse", "i-1")))
                .containsExactly("unknown action 'ec2:isolate-instanse' (did you mean 'ec2:isolate-instance'?)");
        assertThat(catalogue.validate(ActionCommand.of("ec2:stop", "i-1")))
                .containsExactly("unknown action 'ec2:stop' (did you mean 'ec2:stop-instance'?)");
    }

    @Test
    void unknownActionFarFromEveryIdSuggestsNothing() {
        assertThat(catalogue.validate(ActionCommand.of("s3:block-public-access", "b")))
                .containsExactly("unknown action 's3:block-public-access' (`riposte actions` lists the known ones)");
    }

    @Test
    void reportsParameterProblemsFromTheSpec() {
        ActionCommand bad = new ActionCommand("ec2:stop-instance", "i-1", Map.of("reasn", "x"));
        assertThat(catalogue.validate(bad))
                .containsExactly(
                        "unknown parameter 'reasn' for ec2:stop-instance (did you mean 'reason'?) (known: force, reason)",
                        "missing required parameter 'force' for ec2:stop-instance");
        assertThat(catalogue.validate(new ActionCommand("ec2:stop-instance", "i-1", Map.of("force", 3))))
                .containsExactly("parameter 'force' of ec2:stop-instance must be bool, got Integer 3");
    }

    @Test
    void requiresATargetWhenTheActionHasATargetType() {
        assertThat(catalogue.validate(ActionCommand.of("ec2:isolate-instance", null)))
                .containsExactly("ec2:isolate-instance needs a target (AWS::EC2::Instance id or ARN)");
    }

    @Test
    void addsTheHandlersOwnChecksOnceTheSchemaIsSatisfied() {
        isolate.checkProblems = List.of("bad target");
        assertThat(catalogue.validate(ActionCommand.of("ec2:isolate-instance", "x")))
                .containsExactly("bad target");
        assertThat(catalogue.validate(new ActionCommand("ec2:isolate-instance", "x", Map.of("nope", 1))))
                .containsExactly("unknown parameter 'nope' for ec2:isolate-instance (known: reason)");
    }

    @Test
    void acceptsAValidCommand() {
        assertThat(catalogue.validate(new ActionCommand("ec2:stop-instance", "i-1", Map.of("force", true))))
                .isEmpty();
    }

    @Test
    void editDistance() {
        assertThat(Strings.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Strings.distance("", "abc")).isEqualTo(3);
        assertThat(Strings.distance("same", "same")).isZero();
    }
}
