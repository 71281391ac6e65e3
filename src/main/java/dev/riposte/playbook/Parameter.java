package dev.riposte.playbook;

/**
 * A parameter a playbook declares; a rule passes it with {@code PlaybookRun.with(name, value)}.
 * Public: part of {@link Playbook}.
 */
public record Parameter(String name, String description, Object defaultValue, boolean required) {}
