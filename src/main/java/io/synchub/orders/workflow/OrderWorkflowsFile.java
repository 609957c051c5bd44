package io.synchub.orders.workflow;

import io.synchub.rulesfile.ReloadedFile;
import io.synchub.orders.events.EventTypes;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads {@code mappings/order-workflows.yaml} at start-up (a broken file stops the start, like any broken mapping)
 * and again whenever it changes; a broken edit is logged once, the previous workflows stay in force and the health
 * component {@code orderWorkflows} shows the error until the file is fixed.
 */
@Component("orderWorkflows")
public class OrderWorkflowsFile implements HealthIndicator {

    private final Path file;
    private final ReloadedFile<OrderWorkflows> workflows;

    public OrderWorkflowsFile(@Value("${synchub.mappings-dir:mappings}") String mappingsDir) {
        this.file = Path.of(mappingsDir, "order-workflows.yaml");
        try {
            this.workflows = new ReloadedFile<>(file, "order workflows", OrderWorkflowsFile::load);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** The workflows in force; re-reads the file at most once a second when it has changed. */
    public OrderWorkflows current() {
        return workflows.current();
    }

    @Override
    public Health health() {
        OrderWorkflows current = current();
        String e = workflows.problem();
        Health.Builder b = Health.up().withDetail("file", file.toString()).withDetail("workflows", current.byName().keySet());
        if (e != null) {
            b.withDetail("valid", false).withDetail("error", e + " (the previous workflows stay in force)");
        } else {
            b.withDetail("valid", true);
        }
        return b.build();
    }

    private static OrderWorkflows load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return parse(new Yaml(new SafeConstructor(new LoaderOptions())).load(reader));
        }
    }

    /** Checks everything: each workflow's stages, moves and initial stage, the default and every rule. */
    @SuppressWarnings("unchecked")
    public static OrderWorkflows parse(Object raw) {
        if (!(raw instanceof Map<?, ?> doc)) {
            throw new IllegalArgumentException("order-workflows.yaml must be a mapping with 'workflows', 'default' and 'rules'");
        }
        if (!(doc.get("workflows") instanceof Map<?, ?> wdocs) || wdocs.isEmpty()) {
            throw new IllegalArgumentException("order-workflows.yaml: 'workflows' must map names to {initial, moves}");
        }
        Map<String, OrderWorkflow> byName = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : wdocs.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (!name.matches("[a-z][a-z0-9_-]{0,39}")) {
                throw new IllegalArgumentException("workflow name '" + name + "' must be lower-case letters, digits, '-' or '_'");
            }
            if (!(e.getValue() instanceof Map<?, ?> w) || !(w.get("moves") instanceof Map<?, ?> movesDoc) || movesDoc.isEmpty()) {
                throw new IllegalArgumentException("workflow '" + name + "' needs 'moves': a map from each stage to the stages it may move to");
            }
            Map<String, List<String>> moves = new LinkedHashMap<>();
            for (Map.Entry<?, ?> m : movesDoc.entrySet()) {
                String stage = String.valueOf(m.getKey());
                checkStage(name, stage);
                List<String> to = new ArrayList<>();
                if (m.getValue() != null) {
                    if (!(m.getValue() instanceof List<?> list)) {
                        throw new IllegalArgumentException("workflow '" + name + "': moves of '" + stage + "' must be a list of stages");
                    }
                    list.forEach(t -> to.add(String.valueOf(t)));
                }
                moves.put(stage, List.copyOf(to));
            }
            for (Map.Entry<String, List<String>> m : moves.entrySet()) {
                for (String to : m.getValue()) {
                    if (!moves.containsKey(to)) {
                        throw new IllegalArgumentException("workflow '" + name + "': '" + m.getKey() + "' moves to '" + to
                                + "', which is not one of its stages " + moves.keySet());
                    }
                }
            }
            Object initial = w.get("initial");
            if (initial == null || !moves.containsKey(String.valueOf(initial))) {
                throw new IllegalArgumentException("workflow '" + name + "': 'initial' must be one of its stages " + moves.keySet() + ", got " + initial);
            }
            byName.put(name, new OrderWorkflow(name, String.valueOf(initial), moves));
        }
        String def = String.valueOf(doc.get("default"));
        if (!byName.containsKey(def)) {
            throw new IllegalArgumentException("order-workflows.yaml: 'default' must name a workflow " + byName.keySet() + ", got " + doc.get("default"));
        }
        List<OrderWorkflows.Rule> rules = new ArrayList<>();
        Object rulesDoc = doc.get("rules");
        if (rulesDoc != null) {
            if (!(rulesDoc instanceof List<?> list)) {
                throw new IllegalArgumentException("order-workflows.yaml: 'rules' must be a list of {source, tenant, workflow}");
            }
            for (Object r : list) {
                if (!(r instanceof Map<?, ?> rule) || !byName.containsKey(String.valueOf(rule.get("workflow")))) {
                    throw new IllegalArgumentException("order-workflows.yaml: rule " + r + " must name one of the workflows " + byName.keySet());
                }
                rules.add(new OrderWorkflows.Rule(rule.get("source") == null ? null : String.valueOf(rule.get("source")),
                        rule.get("tenant") == null ? null : String.valueOf(rule.get("tenant")), String.valueOf(rule.get("workflow"))));
            }
        }
        return new OrderWorkflows(Map.copyOf(byName), def, List.copyOf(rules));
    }

    private static void checkStage(String workflow, String stage) {
        if (!EventTypes.NAME.matcher(stage).matches()) {
            throw new IllegalArgumentException("workflow '" + workflow + "': stage '" + stage
                    + "' must be lower-case letters, digits and '_' (2 to 40 characters)");
        }
    }
}
