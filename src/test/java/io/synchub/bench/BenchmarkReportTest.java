package io.synchub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a measurement: reads every target/bench/*.json the benchmarks wrote and writes docs/benchmarks.md (machine,
 * settings, figure | value | target | limit measured | met?) and docs/benchmarks-latency.png. Run it after the
 * benchmarks (bench/run does). With -Dbench.check=true it fails — so the command exits non-zero — when a target was
 * missed or could not be measured.
 */
@Tag("benchmark")
class BenchmarkReportTest {

    static final Path RESULTS = Path.of("target", "bench");
    static final Path DOC = Path.of("docs", "benchmarks.md");
    static final Path CHART = Path.of("docs", "benchmarks-latency.png");
    static final Path PROFILES = Path.of("docs", "benchmarks-profiles.md");

    @Test
    void writeReport() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(RESULTS)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).as("no benchmark results in " + RESULTS.toAbsolutePath() + "; run the benchmarks first (bench/run)").isNotEmpty();

        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n")
                .append("Written by `bench/run` (see the README, \"Benchmarks\") from `target/bench/*.json`; targets from DESIGN §7. ")
                .append("Every limit is measured in the same run on the same machine. Loads go to loopback only.\n\n")
                .append("## Machine\n\n").append(machine()).append('\n');

        StringBuilder table = new StringBuilder("| benchmark | db | figure | value | target | limit measured | met? |\n|---|---|---|---:|---|---:|---|\n");
        StringBuilder settings = new StringBuilder();
        StringBuilder notes = new StringBuilder();
        List<String> misses = new ArrayList<>();
        LatencyChart chart = new LatencyChart();
        for (Path f : files) {
            JsonNode r = CanonicalJson.parse(Files.readString(f));
            String bench = r.path("benchmark").asText(f.getFileName().toString());
            String db = r.path("database").asText("?");
            Iterator<Map.Entry<String, JsonNode>> it = r.path("settings").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                settings.append("- ").append(bench).append(" (").append(db).append("), ").append(e.getKey()).append(": ")
                        .append(e.getValue().asText()).append('\n');
            }
            for (JsonNode fig : r.path("figures")) {
                Double value = fig.path("value").isNumber() ? fig.path("value").asDouble() : null;
                String target = fig.path("target").isTextual() ? fig.path("target").asText() : null;
                Double limit = fig.path("limit").isNumber() ? fig.path("limit").asDouble() : null;
                TargetCheck.Verdict v = TargetCheck.verdict(value, target, limit);
                String name = fig.path("name").asText();
                String unit = fig.path("unit").asText("");
                table.append("| ").append(bench).append(" | ").append(db).append(" | ").append(name)
                        .append(" | ").append(value == null ? "not reached" : format(value) + " " + unit)
                        .append(" | ").append(target == null ? "" : target.replace("|", "/"))
                        .append(" | ").append(limit == null ? "" : format(limit))
                        .append(" | ").append(switch (v) {
                            case MET -> "yes";
                            case MISSED -> "**no**";
                            case NOT_MEASURED -> "**no** (not reached)";
                            case NO_TARGET -> "";
                        }).append(" |\n");
                if (fig.hasNonNull("note")) {
                    notes.append("- ").append(bench).append(" (").append(db).append("), ").append(name).append(": ")
                            .append(fig.get("note").asText()).append('\n');
                }
                if (v == TargetCheck.Verdict.MISSED || v == TargetCheck.Verdict.NOT_MEASURED) {
                    misses.add(bench + "/" + db + ": " + name + " = " + (value == null ? "not reached" : format(value) + " " + unit)
                            + ", target " + target);
                }
            }
            it = r.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().endsWith("LatenciesMs") && e.getValue().isArray()) {
                    double[] a = new double[e.getValue().size()];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = e.getValue().get(i).asDouble();
                    }
                    java.util.Arrays.sort(a);
                    chart.add(e.getKey().replace("LatenciesMs", "") + " (" + bench + ", " + db + ")", a);
                }
            }
        }
        md.append("## Settings\n\n").append(settings.isEmpty() ? "- (none recorded)\n" : settings).append('\n')
                .append("## Results\n\n").append(table).append('\n');
        if (!notes.isEmpty()) {
            md.append("## Notes on figures\n\n").append(notes).append('\n');
        }
        md.append("## Targets missed or not reached\n\n").append(misses.isEmpty() ? "None.\n" : "- " + String.join("\n- ", misses) + "\n").append('\n');
        Files.createDirectories(DOC.getParent());
        if (!chart.isEmpty()) {
            chart.write(CHART, "Latency distributions (ms, log scale)");
            md.append("## Latency chart\n\n![latency percentiles](").append(CHART.getFileName()).append(")\n\n")
                    .append("Each line is one series of a run, its samples sorted: x = percentile, y = milliseconds. ")
                    .append("`accept` = webhook answered (closed loop, InboundPipelineBenchmark); `push` = webhook sent on schedule → push ")
                    .append("arrived at the WooCommerce simulator, `pushAccept` = the same webhooks answered (PushLatencyBenchmark, open loop).\n");
        }
        if (Files.isReadable(PROFILES)) {
            // written by hand from JFR recordings (bench/run does not profile): kept with the figures it explains
            md.append("\n").append(Files.readString(PROFILES));
        }
        Files.writeString(DOC, md.toString());
        System.out.println("BENCH report written to " + DOC.toAbsolutePath() + (misses.isEmpty() ? "" : "; missed:\n  " + String.join("\n  ", misses)));

        if (Boolean.getBoolean("bench.check")) {
            assertThat(misses).as("DESIGN §7 targets missed (bench.check=true)").isEmpty();
        }
    }

    private static String machine() throws IOException {
        String cpu = "?";
        String mem = "?";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            cpu = Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        }
        Path meminfo = Path.of("/proc/meminfo");
        if (Files.isReadable(meminfo)) {
            mem = Files.readAllLines(meminfo).stream().filter(l -> l.startsWith("MemTotal")).findFirst()
                    .map(l -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0)).orElse("?");
        }
        return "- date: " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 19) + " UTC\n"
                + "- cores available to the JVM: " + Runtime.getRuntime().availableProcessors() + " (" + cpu + ")\n"
                + "- memory: " + mem + "\n"
                + "- Java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + "\n"
                + "- OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch") + "\n"
                + "- load average when the report was written: " + loadAverage() + "\n"
                + busyWarning();
    }

    /** Figures taken while other work ran on the cores are not the hub's: the report says how loaded the machine was. */
    private static String busyWarning() throws IOException {
        Path p = Path.of("/proc/loadavg");
        if (!Files.isReadable(p)) {
            return "";
        }
        double load5 = Double.parseDouble(Files.readString(p).trim().split("\\s+")[1]);
        int cores = Runtime.getRuntime().availableProcessors();
        return load5 <= cores ? "" : "\n**The machine was loaded** (5-minute load average " + load5 + " on " + cores
                + " cores when the report was written). The benchmarks' own processes (the hub, its load generator, the"
                + " database) count in that figure, and so does any other work that ran meanwhile; the report cannot tell"
                + " them apart. If other work ran, rates here are too low and latencies too high by an unknown factor:"
                + " rerun `bench/run` on a quiet machine before judging a target.\n";
    }

    private static String loadAverage() throws IOException {
        Path p = Path.of("/proc/loadavg");
        return Files.isReadable(p) ? Files.readString(p).trim() : "?";
    }

    private static String format(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
