package dev.riposte.aws.action;

import dev.riposte.aws.client.AwsClients;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.dispatch.ActionSpec;
import java.util.List;
import java.util.Set;

/**
 * What every AWS action handler holds: its constant {@link ActionSpec}, the kind of {@link Target} it acts on (which
 * gives its example, target check and "gone" codes) and the SDK clients it calls. A handler passes them up from its
 * {@code @Inject} constructor and adds its plan and calls ({@link SingleChangeAction}, {@link AwsAction} or its own).
 * Public: the handlers of every {@code aws.action.<service>} package extend it.
 */
public abstract class AwsHandler implements ActionHandler {
    private final ActionSpec spec;
    private final Target target;
    protected final AwsClients clients;

    protected AwsHandler(ActionSpec spec, Target target, AwsClients clients) {
        this.spec = spec;
        this.target = target;
        this.clients = clients;
    }

    /** A handler whose target is no resource of one kind: it writes its own example and checks. */
    protected AwsHandler(ActionSpec spec, AwsClients clients) {
        this(spec, null, clients);
    }

    /**
     * For CDI alone: the client proxy Quarkus makes of an {@code @ApplicationScoped} handler is a subclass built with no
     * arguments, which hands every call on to the real handler, so its own fields stay unused.
     */
    protected AwsHandler() {
        this(null, null, null);
    }

    @Override
    public ActionSpec spec() {
        return spec;
    }

    /** The action on the target's example; a handler that needs parameters adds them ({@code super.example().with}). */
    @Override
    public ActionCommand example() {
        return target == null ? null : ActionCommand.of(spec.id(), target.example());
    }

    @Override
    public List<String> check(ActionCommand command) {
        return target == null ? List.of() : target.problems().apply(spec.id(), command.target());
    }

    /** The codes meaning the target no longer exists: see {@link AwsAction#goneCodes}. */
    public Set<String> goneCodes() {
        return target == null ? Set.of() : target.goneCodes();
    }
}
