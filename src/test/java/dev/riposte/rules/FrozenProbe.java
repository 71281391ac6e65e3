package dev.riposte.rules;

import dev.riposte.command.ActionCommand;
import dev.riposte.fact.Events;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs events through the built-in rules and says what fired: the frozen model ({@code frozen} true) or the DRL
 * compiled now. {@link FrozenRulesTest} runs it in a class loader that has no DRL parser, MVEL or code generator.
 */
public final class FrozenProbe {

    private FrozenProbe() {}

    public static List<String> run(boolean frozen) {
        RuleSet rules = frozen
                ? FrozenRules.load()
                : RuleCompiler.compile(RuleSources.builtIn(), Duration.ofHours(1))
                        .ruleSet();
        List<String> out = new ArrayList<>();
        try (RuleSession s = rules.newSession(true)) {
            Resource trail = Events.resource("AWS::CloudTrail::Trail", "management-events");
            List<SecurityEvent> events = List.of(
                    Events.finding("Trojan:EC2/DropPoint", 8, Events.instance("i-0abc")),
                    Events.cloudTrail("StopLogging")
                            .id("stop")
                            .principal(Events.iamUser("mallory", "203.0.113.66"))
                            .resources(trail)
                            .outcome("success")
                            .detail(Map.of("requestParameters", Map.of("name", "management-events")))
                            .build(),
                    Events.call("ConsoleLogin", "success", Events.T0.plusSeconds(120), Events.root("198.51.100.1")),
                    Events.call("DescribeTrails", "success", Events.T0.plusSeconds(660), null));
            for (int i = 0; i < events.size(); i++) {
                for (Firing f : s.evaluate(events.get(i), List.of()).firings()) {
                    out.add("event " + i + ": " + f.rule() + " "
                            + (f.command() instanceof ActionCommand c ? c.action() + " " + c.target() : f.command()));
                }
            }
        }
        return out;
    }
}
