package dev.riposte.config;

import java.util.Map;

/** {@link RiposteConfig#defaults()}, built once. */
final class Defaults {
    static final RiposteConfig CONFIG = RiposteConfig.of(Map.of());

    private Defaults() {}
}
