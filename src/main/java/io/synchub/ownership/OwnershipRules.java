package io.synchub.ownership;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An immutable snapshot of {@code mappings/ownership.yaml}. */
public final class OwnershipRules {

    private final Duration conflictWindow;
    private final Map<String, FieldGroup> groups;
    private final Map<String, String> groupOfField;
    private final Map<String, Map<String, String>> clientFieldGroups;
    private final Set<String> takenOnCreate;
    private final Map<String, PushRule> push;

    public OwnershipRules(Duration conflictWindow, Map<String, FieldGroup> groups,
                          Map<String, Map<String, String>> clientFieldGroups, Set<String> takenOnCreate,
                          Map<String, PushRule> push) {
        this.conflictWindow = conflictWindow;
        this.groups = Map.copyOf(groups);
        this.clientFieldGroups = Map.copyOf(clientFieldGroups);
        this.takenOnCreate = Set.copyOf(takenOnCreate);
        this.push = Map.copyOf(push);
        Map<String, String> byField = new LinkedHashMap<>();
        for (FieldGroup g : groups.values()) {
            for (String f : g.fields()) {
                String previous = byField.put(f, g.name());
                if (previous != null) {
                    throw new IllegalArgumentException("field '" + f + "' is in both groups '" + previous + "' and '" + g.name() + "'");
                }
            }
        }
        this.groupOfField = Map.copyOf(byField);
        clientFieldGroups.forEach((client, overrides) -> overrides.forEach((field, group) -> {
            if (!groups.containsKey(group)) {
                throw new IllegalArgumentException("client '" + client + "' moves '" + field + "' to unknown group '" + group + "'");
            }
        }));
    }

    public Duration conflictWindow() {
        return conflictWindow;
    }

    /** The group of a field for one client (per-client overrides first), empty for a field no group names. */
    public Optional<FieldGroup> groupOf(String clientId, String field) {
        String override = clientFieldGroups.getOrDefault(clientId, Map.of()).get(field);
        String name = override != null ? override : groupOfField.get(field);
        return Optional.ofNullable(name).map(groups::get);
    }

    public boolean takenOnCreate(String field) {
        return takenOnCreate.contains(field);
    }

    public Collection<FieldGroup> groups() {
        return groups.values();
    }

    public Map<String, Map<String, String>> clientOverrides() {
        return clientFieldGroups;
    }

    public Map<String, PushRule> pushRules() {
        return push;
    }

    public Optional<PushRule> pushRule(String target) {
        return Optional.ofNullable(push.get(target));
    }

    /** Whether this client's value of the field goes to the target. */
    public boolean pushes(String target, String clientId, String field) {
        PushRule rule = push.get(target);
        if (rule == null) {
            return false;
        }
        return rule.fields().contains(field)
                || groupOf(clientId, field).map(g -> rule.groups().contains(g.name())).orElse(false);
    }

    public Set<String> takenOnCreate() {
        return takenOnCreate;
    }
}
