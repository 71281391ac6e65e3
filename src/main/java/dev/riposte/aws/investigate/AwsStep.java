package dev.riposte.aws.investigate;

import dev.riposte.aws.client.AwsClients;
import java.util.List;

/**
 * What every AWS investigation step holds: its name, the IAM permissions its reads need, and the SDK clients it reads
 * with. A step passes them up from its {@code @Inject} constructor and adds its targets and reads. Public: the steps of
 * every {@code aws.investigate.<service>} package extend it.
 */
public abstract class AwsStep implements InvestigationStep {
    private final String name;
    private final List<String> permissions;
    protected final AwsClients clients;

    protected AwsStep(String name, List<String> permissions, AwsClients clients) {
        this.name = name;
        this.permissions = List.copyOf(permissions);
        this.clients = clients;
    }

    /**
     * For CDI alone: the client proxy Quarkus makes of an {@code @ApplicationScoped} step is a subclass built with no
     * arguments, which hands every call on to the real step, so its own fields stay unused.
     */
    protected AwsStep() {
        this(null, List.of(), null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> permissions() {
        return permissions;
    }
}
