package dev.riposte.playbook;

/** One playbook source: its path (relative to the playbooks folder) and text. Public: loaders outside pass files in. */
public record PlaybookFile(String path, String content) {}
