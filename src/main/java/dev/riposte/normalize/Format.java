package dev.riposte.normalize;

import java.util.Locale;

/** Input formats that {@code --format} can force; AUTO detects the shape. */
enum Format {
    AUTO,
    GUARDDUTY,
    CLOUDTRAIL,
    SECURITYHUB,
    CONFIG,
    INSPECTOR,
    MACIE,
    ACCESSANALYZER,
    HEALTH,
    CUSTOM;

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Format of(String name) {
        for (Format f : values()) {
            if (f.id().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + name
                + "': expected one of auto, guardduty, cloudtrail, securityhub,"
                + " config, inspector, macie, accessanalyzer, health, custom");
    }
}
