package io.synchub.ownership;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The origins and canonical fields ownership.yaml declares ({@code origins:}, {@code fields:}), and the check that the
 * rules name nothing else. Without both declarations nothing is checked (a minimal file stays valid). An unknown name
 * is reported with the file and the line it first appears on, so the operator finds the typo at once.
 */
final class DeclaredNames {

    static final String ALL = "ALL";

    private final Set<String> origins;
    private final Set<String> fields;
    private final Path file;

    DeclaredNames(Map<String, Object> doc, Path file) {
        this.origins = names(doc.get("origins"));
        this.fields = names(doc.get("fields"));
        this.file = file;
    }

    void check(OwnershipRules rules) {
        if (origins.isEmpty() || fields.isEmpty()) {
            return;
        }
        for (FieldGroup g : rules.groups()) {
            g.writers().stream().filter(w -> !ALL.equals(w)).forEach(w -> origin(w, "writer in group " + g.name()));
            g.prefer().forEach(o -> origin(o, "preferred origin in group " + g.name()));
            g.fields().forEach(f -> field(f, "field in group " + g.name()));
        }
        rules.takenOnCreate().forEach(f -> field(f, "field in takenOnCreate"));
        rules.pushRules().forEach((target, rule) -> {
            origin(target, "push target");
            rule.fields().forEach(f -> field(f, "field in the push rule for " + target));
        });
        rules.clientOverrides().forEach((client, overrides) -> overrides.keySet()
                .forEach(f -> field(f, "field in the overrides of client " + client)));
    }

    private void origin(String name, String what) {
        if (!origins.contains(name)) {
            throw unknown(name, "unknown " + what + " '" + name + "' (declared origins: " + String.join(", ", origins) + ")");
        }
    }

    private void field(String name, String what) {
        if (!fields.contains(name)) {
            throw unknown(name, "unknown " + what + " '" + name + "' (not among the declared fields)");
        }
    }

    private IllegalArgumentException unknown(String name, String message) {
        return new IllegalArgumentException(file.getFileName() + " line " + lineOf(name) + ": " + message);
    }

    /** The first line naming it as a whole word (comments skipped); 0 when not found. */
    private int lineOf(String name) {
        try {
            List<String> lines = Files.readAllLines(file);
            Pattern word = Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(name) + "(?![A-Za-z0-9_])");
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int hash = line.indexOf('#');
                if (word.matcher(hash < 0 ? line : line.substring(0, hash)).find()) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            // the line number is a help, not a must
        }
        return 0;
    }

    private static Set<String> names(Object list) {
        Set<String> out = new LinkedHashSet<>();
        if (list instanceof Collection<?> c) {
            c.forEach(o -> out.add(String.valueOf(o)));
        }
        return out;
    }
}
