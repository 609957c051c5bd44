package io.synchub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One counter name with fixed tag keys, its counters kept by their tag values: a count on a hot path (every webhook,
 * every API request, every push) is a map lookup, not a Micrometer registration with its id and tag building.
 */
final class CounterFamily {

    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final String[] tagKeys;
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

    CounterFamily(MeterRegistry registry, String name, String description, String... tagKeys) {
        this.registry = registry;
        this.name = name;
        this.description = description;
        this.tagKeys = tagKeys.clone();
    }

    /** The counter of these tag values (in the order of the keys), registered the first time. */
    Counter counter(String... tagValues) {
        if (tagValues.length != tagKeys.length) {
            throw new IllegalArgumentException(name + " takes tags " + Arrays.toString(tagKeys));
        }
        return counters.computeIfAbsent(List.of(tagValues), values -> {
            Counter.Builder builder = Counter.builder(name).description(description);
            for (int i = 0; i < tagKeys.length; i++) {
                builder.tag(tagKeys[i], values.get(i));
            }
            return builder.register(registry);
        });
    }
}
