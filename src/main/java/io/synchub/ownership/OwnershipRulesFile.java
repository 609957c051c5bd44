package io.synchub.ownership;

import io.synchub.rulesfile.ReloadedFile;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads {@code mappings/ownership.yaml} at start-up and again whenever the file changes. A broken edit is
 * reported in the log and the last good rules stay in force, so a typo never stops the hub.
 *
 * When the file declares {@code origins} and {@code fields}, every writer, preferred origin, push target and field it
 * names must be one of them: a typo ({@code SHOPPIFY}, {@code netSalesPrize}) is refused in one log line naming the
 * file, the line and the unknown name (once per edit), and {@link #problem()} says so for the health check.
 */
@Component("ownershipRules")
public class OwnershipRulesFile {

    private final Path file;
    private final Duration windowOverride;
    private final ReloadedFile<OwnershipRules> rules;

    public OwnershipRulesFile(@Value("${synchub.mappings-dir:mappings}") String mappingsDir,
                              @Value("${synchub.conflict-window:}") String windowOverride) {
        this.file = Path.of(mappingsDir, "ownership.yaml");
        this.windowOverride = windowOverride == null || windowOverride.isBlank() ? null : DurationText.parse(windowOverride);
        try {
            this.rules = new ReloadedFile<>(file, "ownership rules", f -> load());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file.toAbsolutePath() + ": " + e.getMessage()
                    + " (set SYNCHUB_MAPPINGS_DIR to the folder holding ownership.yaml)", e);
        }
    }

    /** The rules in force; re-reads the file at most once a second when it has changed. */
    public OwnershipRules rules() {
        return rules.current();
    }

    /** Why the file's current version was refused (the previous rules are in force), or null when it is in force. */
    public String problem() {
        return rules.problem();
    }

    private OwnershipRules load() {
        try (Reader reader = Files.newBufferedReader(file)) {
            Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            OwnershipRules parsed = parse(doc);
            new DeclaredNames(doc, file).check(parsed);
            return parsed;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file.toAbsolutePath() + ": " + e.getMessage()
                    + " (set SYNCHUB_MAPPINGS_DIR to the folder holding ownership.yaml)", e);
        }
    }

    @SuppressWarnings("unchecked")
    OwnershipRules parse(Map<String, Object> doc) {
        if (doc == null) {
            throw new IllegalArgumentException("ownership.yaml is empty");
        }
        Duration window = windowOverride != null ? windowOverride
                : DurationText.parse(String.valueOf(doc.getOrDefault("conflictWindow", "5m")));
        Map<String, FieldGroup> groups = new LinkedHashMap<>();
        Map<String, Object> groupDocs = (Map<String, Object>) require(doc, "groups");
        groupDocs.forEach((name, raw) -> {
            Map<String, Object> g = (Map<String, Object>) raw;
            Map<String, Object> onConflict = (Map<String, Object>) g.getOrDefault("onConflict", Map.of());
            groups.put(name, new FieldGroup(name,
                    strings(require(g, "fields")),
                    strings(require(g, "writers")),
                    new ArrayList<>(strings(onConflict.getOrDefault("prefer", List.of()))),
                    Boolean.TRUE.equals(onConflict.getOrDefault("record", Boolean.TRUE))));
        });
        Map<String, PushRule> push = new LinkedHashMap<>();
        ((Map<String, Object>) doc.getOrDefault("push", Map.of())).forEach((target, raw) -> {
            Map<String, Object> p = (Map<String, Object>) raw;
            Set<String> pushedGroups = strings(p.getOrDefault("groups", List.of()));
            pushedGroups.stream().filter(g -> !groups.containsKey(g)).findAny().ifPresent(g -> {
                throw new IllegalArgumentException("push rule for " + target + " names unknown group '" + g + "'");
            });
            push.put(target, new PushRule(target, pushedGroups, strings(p.getOrDefault("fields", List.of())),
                    Boolean.TRUE.equals(p.get("requiresSku"))));
        });
        Map<String, Map<String, String>> clients = new LinkedHashMap<>();
        ((Map<String, Object>) doc.getOrDefault("clients", Map.of())).forEach((client, raw) -> {
            Map<String, Object> c = (Map<String, Object>) raw;
            Map<String, String> overrides = new LinkedHashMap<>();
            ((Map<String, Object>) c.getOrDefault("fieldGroups", Map.of())).forEach((f, g) -> overrides.put(f, String.valueOf(g)));
            clients.put(client, overrides);
        });
        return new OwnershipRules(window, groups, clients, strings(doc.getOrDefault("takenOnCreate", List.of())), push);
    }

    private static Object require(Map<String, Object> doc, String key) {
        Object v = doc.get(key);
        if (v == null) {
            throw new IllegalArgumentException("ownership.yaml: '" + key + "' is missing");
        }
        return v;
    }

    private static Set<String> strings(Object list) {
        Set<String> out = new LinkedHashSet<>();
        for (Object o : (List<?>) list) {
            out.add(String.valueOf(o));
        }
        return out;
    }
}
