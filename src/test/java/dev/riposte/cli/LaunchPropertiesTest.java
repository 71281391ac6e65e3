package dev.riposte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LaunchPropertiesTest {
    @Test
    void onlyAServeCommandLineThatParsesAndAsksNoHelpOpensPorts() {
        assertThat(RiposteMain.serves("serve")).isTrue();
        assertThat(RiposteMain.serves("serve", "--rules", "dir")).isTrue();
        assertThat(RiposteMain.serves("serve", "--help")).isFalse();
        assertThat(RiposteMain.serves("serve", "-h")).isFalse();
        assertThat(RiposteMain.serves("serve", "--bogus")).isFalse();
        assertThat(RiposteMain.serves("validate")).isFalse();
        assertThat(RiposteMain.serves("help", "serve")).isFalse();
        assertThat(RiposteMain.serves()).isFalse();
        assertThat(RiposteMain.launchProperties("serve", "--help"))
                .containsEntry("quarkus.http.host-enabled", "false")
                .containsEntry("quarkus.management.host-enabled", "false");
        assertThat(RiposteMain.launchProperties("serve")).isEmpty();
    }
}
