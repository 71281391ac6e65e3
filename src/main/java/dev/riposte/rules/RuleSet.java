package dev.riposte.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;

/** A compiled, immutable rule set. Thread-safe: share it, but give each thread its own {@link RuleSession}. */
public final class RuleSet {

    private final KieBase kieBase;
    private final String version;
    private final List<String> ruleNames;
    private final Duration eventExpiry;

    RuleSet(KieBase kieBase, String version, Duration eventExpiry) {
        this.kieBase = kieBase;
        this.version = version;
        this.eventExpiry = eventExpiry;
        List<String> names = new ArrayList<>();
        for (KiePackage p : kieBase.getKiePackages()) {
            for (Rule r : p.getRules()) {
                names.add(r.getName());
            }
        }
        names.sort(null);
        this.ruleNames = List.copyOf(names);
    }

    KieBase kieBase() {
        return kieBase;
    }

    /** Content hash (12 hex chars) of the DRL files, recorded in every audit record. */
    public String version() {
        return version;
    }

    /** How long events stay in its sessions: the configured expiry, or the longest window a rule uses when longer. */
    public Duration eventExpiry() {
        return eventExpiry;
    }

    /** Rule names, sorted. */
    public List<String> ruleNames() {
        return ruleNames;
    }

    /**
     * A new session. {@code pseudoClock} true lets event time drive the clock (replay, test); false uses
     * the wall clock (serve). Close it when done.
     */
    public RuleSession newSession(boolean pseudoClock) {
        KieSessionConfiguration conf = KieServices.Factory.get().newKieSessionConfiguration();
        conf.setOption(pseudoClock ? ClockTypeOption.PSEUDO : ClockTypeOption.REALTIME);
        return new RuleSession(kieBase.newKieSession(conf, null), pseudoClock, true, eventExpiry);
    }

    /**
     * A session for serve: a pseudo clock that only {@link RuleSession#advanceTo} moves (the live service moves it to
     * the wall clock before every evaluation and tick), so that a warm-up can first replay the correlation journal on
     * the times its events were taken in, then go on live. Events do not move it: event time is compared, as with a
     * real-time clock, by the rules themselves. Close it when done.
     */
    public RuleSession newWallSession() {
        KieSessionConfiguration conf = KieServices.Factory.get().newKieSessionConfiguration();
        conf.setOption(ClockTypeOption.PSEUDO);
        return new RuleSession(kieBase.newKieSession(conf, null), true, false, eventExpiry);
    }

    /** A filter that tells which facts cannot reach any rule of this set (see {@link EventFilter}); one per thread. */
    public EventFilter newEventFilter() {
        KieSessionConfiguration conf = KieServices.Factory.get().newKieSessionConfiguration();
        conf.setOption(ClockTypeOption.PSEUDO);
        return new EventFilter(kieBase, kieBase.newKieSession(conf, null));
    }

    @Override
    public String toString() {
        return "RuleSet[" + version + ", " + ruleNames.size() + " rules]";
    }
}
