package dev.riposte.normalize;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The EventBridge envelope around a source document ({@code version, id, detail-type, source,
 * account, time, region, resources, detail}). Mappers fall back to it for id, time, account and region.
 */
record Envelope(
        String id,
        String source,
        String detailType,
        Instant time,
        String account,
        String region,
        List<String> resources) {

    static boolean looksLike(View v) {
        return v.get("detail-type").exists()
                && v.get("source").exists()
                && v.get("detail").exists();
    }

    static Envelope read(View v) {
        List<String> arns = new ArrayList<>();
        for (View r : v.get("resources").items()) {
            String s = r.text();
            if (s != null) {
                arns.add(s);
            }
        }
        return new Envelope(
                v.text("id"),
                v.text("source"),
                v.text("detail-type"),
                Times.first(v.get("time")),
                v.text("account"),
                v.text("region"),
                List.copyOf(arns));
    }

    /** The document's own time when it has one, else the envelope's; without either the input is rejected with {@code missing}. */
    Instant timeOr(Instant own, String missing) {
        Instant t = own != null ? own : time;
        if (t == null) {
            throw new BadInput(missing);
        }
        return t;
    }

    /** An envelope with nothing in it, for bare documents. */
    static final Envelope NONE = new Envelope(null, null, null, null, null, null, List.of());
}
