package dev.riposte.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.fact.Events;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfEventsTest {

    @Test
    void matchesTheConfiguredRoleInEveryAccountAndItsSessions() {
        SelfEvents self = new SelfEvents(List.of("arn:aws:iam::{account}:role/security/RiposteResponder"), "riposte-");

        assertThat(self.causedBySelf(Events.byPrincipal("arn:aws:iam::444455556666:role/security/RiposteResponder")))
                .isTrue();
        assertThat(self.causedBySelf(Events.byPrincipal("arn:aws:sts::444455556666:assumed-role/RiposteResponder/s1")))
                .isTrue();
        assertThat(self.causedBySelf(Events.byPrincipal("arn:aws:sts::444455556666:assumed-role/RiposteResponderX/s1")))
                .isFalse();
        assertThat(self.causedBySelf(Events.byPrincipal("arn:aws:sts::444455556666:assumed-role/Ops/riposte-42")))
                .isTrue();
        assertThat(self.causedBySelf(Events.byPrincipal("arn:aws:iam::444455556666:user/riposte-admin")))
                .isFalse();
        assertThat(self.causedBySelf(Events.byPrincipal(null))).isFalse();
    }

    @Test
    void anEmptySessionPrefixMatchesNoSession() {
        SelfEvents self = new SelfEvents(List.of(), "");
        assertThat(self.causedBySelf(Events.byPrincipal("arn:aws:sts::444455556666:assumed-role/Ops/riposte-42")))
                .isFalse();
    }
}
