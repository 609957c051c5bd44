package io.synchub.bench;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code wrk} (a native load generator, outside every JVM) and reads its summary: rate, latency percentiles, errors. */
final class Wrk {

    private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|75|90|99)%\\s+([0-9.]+)(us|ms|s)\\s*$");
    private static final Pattern RATE = Pattern.compile("^Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("^\\s*(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    record Result(Map<String, Double> percentilesMs, double requestsPerSecond, long requests, long errors, String raw) {
        double p(String which) {
            return percentilesMs.getOrDefault(which, Double.NaN);
        }
    }

    private Wrk() {
    }

    /** {@code base} is the command without a duration; -dNs is added. */
    static Result run(List<String> base, int seconds, Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(base);
        cmd.add(1, "-d" + seconds + "s");
        Path out = dir.resolve("wrk-" + System.nanoTime() + ".txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("wrk did not finish");
        }
        String raw = Files.readString(out, StandardCharsets.UTF_8);
        Map<String, Double> percentiles = new HashMap<>();
        double rate = 0;
        long requests = 0;
        long errors = 0;
        for (String line : raw.split("\n")) {
            Matcher m = PERCENTILE.matcher(line);
            if (m.matches()) {
                double v = Double.parseDouble(m.group(2));
                percentiles.put(m.group(1), switch (m.group(3)) {
                    case "us" -> v / 1000;
                    case "s" -> v * 1000;
                    default -> v;
                });
            }
            Matcher r = RATE.matcher(line.trim());
            if (r.find()) {
                rate = Double.parseDouble(r.group(1));
            }
            Matcher t = TOTAL.matcher(line);
            if (t.find()) {
                requests = Long.parseLong(t.group(1));
            }
            Matcher e = NON_2XX.matcher(line);
            if (e.find()) {
                errors += Long.parseLong(e.group(1));
            }
            Matcher s = SOCKET_ERRORS.matcher(line);
            if (s.find()) {
                for (int g = 1; g <= 4; g++) {
                    errors += Long.parseLong(s.group(g));
                }
            }
        }
        System.out.println("BENCH wrk -d" + seconds + "s " + base.get(base.size() - 1) + "\n" + raw);
        if (!percentiles.containsKey("99")) {
            throw new IllegalStateException("wrk gave no latency distribution:\n" + raw);
        }
        return new Result(percentiles, rate, requests, errors, raw);
    }

    /** The run with the median rate. */
    static Result median(List<Result> runs) {
        List<Result> sorted = new ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingDouble(Result::requestsPerSecond));
        return sorted.get(sorted.size() / 2);
    }

    static boolean installed() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, "wrk"))) {
                return true;
            }
        }
        return false;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0];
        } catch (Exception e) {
            return "?";
        }
    }
}
