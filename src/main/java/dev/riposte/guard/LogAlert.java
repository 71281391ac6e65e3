package dev.riposte.guard;

import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionHandler;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The alert that needs no configuration: {@code notify:log} at ERROR, called directly (not through the
 * dispatcher, whose guard rails must not swallow their own alarm). Falls back to this class's logger when the
 * catalogue has no {@code notify:log}.
 */
final class LogAlert implements AlertSink {
    private static final Logger LOG = Logger.getLogger(LogAlert.class.getName());
    private final ActionCatalogue catalogue;

    LogAlert(ActionCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @Override
    public void alert(Alert alert) {
        String message = alert.message() + " " + alert.details();
        Optional<ActionHandler> log = catalogue == null ? Optional.empty() : catalogue.find("notify:log");
        if (log.isPresent()) {
            ActionCommand c = ActionCommand.of("notify:log", null)
                    .with("message", message)
                    .with("level", "error");
            log.get().execute(new ActionContext(c, null, null, null));
        } else {
            LOG.severe(message);
        }
    }
}
