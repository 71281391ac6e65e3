package dev.riposte.api;

import dev.riposte.config.RiposteConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Says at start-up, not at the first admin request, when the admin API's credentials are misconfigured
 * ({@code riposte.admin.api-keys}, {@code riposte.admin.oidc.*}). It only logs: a broken admin setting refuses every
 * admin request (deny by default) but must not stop the service from handling events.
 */
@Singleton
class AdminAuthSettingsCheck {
    private static final Logger LOG = Logger.getLogger(AdminAuthSettingsCheck.class);

    @Inject
    RiposteConfig config;

    /** Not a {@code riposte.*} key: false for the CLI commands, which serve no admin API. */
    @ConfigProperty(name = "quarkus.http.host-enabled", defaultValue = "true")
    boolean httpEnabled;

    void onStart(@Observes StartupEvent start) {
        if (!httpEnabled) {
            return; // a CLI command: no admin API to serve
        }
        for (String problem : problems(config.admin())) {
            LOG.errorf("admin API: %s; every admin request is refused until this is fixed", problem);
        }
    }

    /** One line per misconfigured setting; empty when the admin API's settings are usable (or unset). */
    static List<String> problems(RiposteConfig.Admin config) {
        List<String> problems = new ArrayList<>();
        try {
            ApiKeys.parse(config.apiKeys().orElse(""));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        try {
            OidcSettings.from(config.oidc());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }
}
