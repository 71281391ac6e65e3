package dev.riposte.aws.investigate;

import dev.riposte.dispatch.ActionContext;
import dev.riposte.fact.SecurityEvent;
import java.util.List;
import java.util.function.Consumer;

/**
 * One read-only investigation step (EC2 instance, IAM principal...). {@link AwsInvestigator} runs it time-boxed
 * and caches its result per resource. Public: the steps live in the {@code aws.investigate.<service>} packages.
 */
public interface InvestigationStep {

    /** {@code service:what}, e.g. {@code ec2:instance-context}: names the step in incomplete facts and reports. */
    String name();

    /** The IAM permissions its read-only calls need ({@code riposte iam-policy} prints them as RiposteReads). */
    List<String> permissions();

    /** The resources of {@code event} this step looks at (instance ids, IAM user/role names); empty when none. */
    List<String> targets(SecurityEvent event);

    /**
     * The context fact for {@code target}, stamped with {@code ctx.event().id()}. A part that could not be read is
     * told to {@code problems} (the fact is then marked incomplete); a failure of the whole step is thrown.
     */
    Object gather(ActionContext ctx, String target, Consumer<String> problems);

    /** The same context fact for another event (cache hits). */
    Object forEvent(Object context, String eventId);
}
