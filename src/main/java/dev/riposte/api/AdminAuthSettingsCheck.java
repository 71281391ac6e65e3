package dev.riposte.api;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Says at start-up, not at the first admin request, when the admin API's credentials are misconfigured
 * ({@code riposte.admin.api-keys}, {@code riposte.admin.oidc.*}). It only logs: a broken admin setting refuses every
 * admin request (deny by default) but must not stop the service from handling events.
 */
@Singleton
class AdminAuthSettingsCheck {
    private static final Logger LOG = Logger.getLogger(AdminAuthSettingsCheck.class);

    void onStart(@Observes StartupEvent start) {
        var config = ConfigProvider.getConfig();
        if (!config.getOptionalValue("quarkus.http.host-enabled", Boolean.class).orElse(true)) {
            return; // a CLI command: no admin API to serve
        }
        for (String problem : problems(key -> config.getOptionalValue(key, String.class))) {
            LOG.errorf("admin API: %s; every admin request is refused until this is fixed", problem);
        }
    }

    /** One line per misconfigured setting; empty when the admin API's settings are usable (or unset). */
    static List<String> problems(Function<String, Optional<String>> config) {
        List<String> problems = new ArrayList<>();
        try {
            ApiKeys.parse(config.apply("riposte.admin.api-keys").orElse(""));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        try {
            OidcSettings.from(config);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }
}
