package dev.riposte.pipeline;

import dev.riposte.config.RiposteConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Whether {@code serve} may start with {@code POST /events} as it is configured. In live mode an unauthenticated
 * ingest on a reachable address lets anyone who reaches the port forge a finding and set off real actions, so that
 * combination refuses to start unless {@code riposte.ingest.allow-unauthenticated=true} says an operator means it
 * (an authenticating proxy in front), and then it warns at every start.
 *
 * @param live              {@code riposte.dry-run=false}
 * @param tokenSet          {@code riposte.ingest.token} is set
 * @param host              {@code quarkus.http.host}, where ingest listens
 * @param allowUnauthenticated {@code riposte.ingest.allow-unauthenticated}
 */
record IngestExposure(boolean live, boolean tokenSet, String host, boolean allowUnauthenticated) {
    static final String ALLOW_KEY = "riposte.ingest.allow-unauthenticated";

    static IngestExposure from(RiposteConfig.Ingest ingest, String host, boolean dryRun) {
        return new IngestExposure(
                !dryRun,
                ingest.token().map(String::strip).filter(t -> !t.isEmpty()).isPresent(),
                host,
                ingest.allowUnauthenticated());
    }

    /** True when ingest is open to the network in live mode (the dangerous case). */
    boolean openInLiveMode() {
        return live && !tokenSet && !loopback(host);
    }

    /** Why {@code serve} must not start, or empty. */
    Optional<String> refusal() {
        if (!openInLiveMode() || allowUnauthenticated) {
            return Optional.empty();
        }
        return Optional.of("live mode (riposte.dry-run=false) with unauthenticated POST /events on " + host
                + ": anyone who reaches the port could forge a finding and set off real actions. Set riposte.ingest.token"
                + " (RIPOSTE_INGEST_TOKEN), or listen on loopback only (quarkus.http.host=127.0.0.1), or, behind an"
                + " authenticating proxy, set " + ALLOW_KEY + "=true");
    }

    /** The warning for every start that was explicitly allowed, or empty. */
    Optional<String> warning() {
        if (!openInLiveMode() || !allowUnauthenticated) {
            return Optional.empty();
        }
        return Optional.of(
                "live mode with UNAUTHENTICATED POST /events on " + host + " (" + ALLOW_KEY
                        + "=true): only an authenticating proxy in front keeps forged events out; set riposte.ingest.token instead");
    }

    static boolean loopback(String host) {
        String h = host.strip();
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            // literal addresses only: a name other than localhost is never resolved here (it could be anything)
            if (h.matches("\\d{1,3}(\\.\\d{1,3}){3}") || h.contains(":")) {
                return InetAddress.getByName(h.replace("[", "").replace("]", ""))
                        .isLoopbackAddress();
            }
        } catch (UnknownHostException e) {
            return false;
        }
        return false;
    }
}
