package dev.riposte.rules;

import java.util.Objects;

/**
 * One DRL source file.
 *
 * @param path    path relative to the rule root with '/' separators, e.g. {@code cloudtrail/logging.drl};
 *                its folder must match the DRL {@code package} ({@code rules.cloudtrail})
 * @param content the DRL text
 */
public record RuleFile(String path, String content) {

    public RuleFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        path = path.replace('\\', '/');
    }
}
