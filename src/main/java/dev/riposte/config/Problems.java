package dev.riposte.config;

import io.smallrye.config.ConfigValidationException;
import java.util.ArrayList;
import java.util.List;

/** SmallRye's configuration errors as one line that names the key (without its SRCFG message codes). */
final class Problems {
    private Problems() {}

    static String oneLine(Throwable e) {
        List<String> lines = new ArrayList<>();
        if (e instanceof ConfigValidationException v) {
            for (int i = 0; i < v.getProblemCount(); i++) {
                lines.add(clean(v.getProblem(i).getMessage()));
            }
        } else {
            lines.add(clean(e.getMessage()));
        }
        return String.join("; ", lines);
    }

    private static String clean(String message) {
        String m = message == null
                ? "invalid configuration"
                : message.replaceAll("SRCFG\\d+: ", "").replaceAll("(?:[a-z]+\\.)+[A-Za-z]+(?:Exception|Error): ", "");
        return m.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
