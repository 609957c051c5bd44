package io.synchub.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.support.TestDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Collects the figures of one benchmark run and writes them to target/bench/<name>-<db>.json for the report. */
final class BenchReport {

    private final String name;
    private final ObjectNode root = CanonicalJson.object();
    private final ObjectNode settings = root.putObject("settings");
    private final ArrayNode figures = root.putArray("figures");

    BenchReport(String name) {
        this.name = name;
        root.put("benchmark", name);
        root.put("database", TestDatabase.postgres() ? "postgresql" : "h2");
        root.put("cores", Runtime.getRuntime().availableProcessors());
        root.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }

    /** A figure; target/limit may be null where DESIGN §7 gives none. */
    BenchReport figure(String figure, double value, String unit, String target, Double limit) {
        ObjectNode f = figures.addObject();
        f.put("name", figure);
        f.put("value", Math.round(value * 100) / 100.0);
        f.put("unit", unit);
        f.put("target", target);
        if (limit != null) {
            f.put("limit", Math.round(limit * 100) / 100.0);
        }
        System.out.printf("BENCH %-60s %12.2f %-8s target %s%s%n", figure, value, unit, target,
                limit == null ? "" : "  (limit measured: " + limit + ")");
        return this;
    }

    /** A setting of this run worth printing next to its figures (load shape, sizes, limits configured). */
    BenchReport setting(String key, String value) {
        settings.put(key, value);
        return this;
    }

    /** A figure that could not be measured (the run did not reach it): no value, and the reason, so the report says so. */
    BenchReport missed(String figure, String unit, String target, Double limit, String reason) {
        ObjectNode f = figures.addObject();
        f.put("name", figure);
        f.putNull("value");
        f.put("unit", unit);
        f.put("target", target);
        if (limit != null) {
            f.put("limit", Math.round(limit * 100) / 100.0);
        }
        f.put("note", reason);
        System.out.printf("BENCH %-60s %12s %-8s target %s  (%s)%n", figure, "not reached", unit, target, reason);
        return this;
    }

    /** A note next to the last figure (what it means, why it is short). */
    BenchReport note(String text) {
        ((ObjectNode) figures.get(figures.size() - 1)).put("note", text);
        return this;
    }

    BenchReport series(String series, double[] valuesMs) {
        ArrayNode a = root.putArray(series);
        Arrays.stream(valuesMs).forEach(v -> a.add(Math.round(v * 1000) / 1000.0));
        return this;
    }

    void write() throws IOException {
        Path dir = Path.of("target", "bench");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + "-" + root.get("database").asText() + ".json"), CanonicalJson.write(root));
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
