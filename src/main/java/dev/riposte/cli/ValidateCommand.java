package dev.riposte.cli;

import dev.riposte.pipeline.Components;
import dev.riposte.pipeline.RuleLoading;
import dev.riposte.rules.Problem;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        footer = {"", "Example:", "  riposte validate --rules my-rules/"},
        description = "Compile and lint rules (and playbooks); print every problem with file:line. Exit 1 if any.")
class ValidateCommand extends PrintingCommand {
    @Mixin
    RuleOptions options;

    @Inject
    Components components;

    @Override
    int run(PrintWriter out, PrintWriter err) throws Exception {
        RuleLoading.Loaded loaded =
                RuleLoading.load(options.rules, components.config().rules(), components.catalogue());
        Path playbooksDir = options.playbooks != null
                ? options.playbooks
                : components.playbooksDir().orElse(null);
        List<Problem> problems = new ArrayList<>(loaded.problems());
        problems.addAll(RuleLoading.checkPlaybooks(playbooksDir, loaded.files(), components.catalogue()));
        boolean ok = loaded.ok() && problems.isEmpty();
        int playbooks = RuleLoading.playbooks(playbooksDir, components.catalogue())
                .all()
                .size();
        if (options.output.json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("ok", ok);
            result.put("version", loaded.ok() ? loaded.rules().version() : null);
            result.put("rules", loaded.ok() ? loaded.rules().ruleNames() : List.of());
            result.put("playbooks", playbooks);
            result.put("eventExpiry", loaded.ok() ? loaded.rules().eventExpiry().toString() : null);
            result.put("problems", problems);
            out.println(components.json().writeValueAsString(result));
        } else if (ok) {
            out.printf(
                    "OK: %d rules in %d files, version %s; %d playbooks; events kept %s%n",
                    loaded.rules().ruleNames().size(),
                    loaded.files().size(),
                    loaded.rules().version(),
                    playbooks,
                    loaded.rules().eventExpiry().toString().substring(2).toLowerCase(Locale.ROOT));
        } else {
            problems.forEach(out::println);
            out.printf("%d problem(s)%n", problems.size());
        }
        return ok ? 0 : 1;
    }
}
