package io.synchub.bench;

import io.synchub.support.HubClient;
import io.synchub.support.HubProcess;
import io.synchub.support.HubTestSupport;
import io.synchub.support.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Updates applied per second with 1, 2 and 3 hub processes on one PostgreSQL schema (DESIGN §8). Each step sends the
 * same number of signed Shopify {@code products/update} deliveries (each a product with two variants) spread
 * round-robin over the running nodes, and times from the first send until the inbox holds them all DONE. The nodes
 * are started one after another on the same schema and stay up (node 1 migrates it).
 * <p>
 * The limit is the machine: every hub process and PostgreSQL share its cores (2 on the reference machine), so more
 * nodes add claimers, not CPU. The database's share is the CPU time of the hubs' own PostgreSQL backends (found by
 * their application_name) over that plus the hub processes' CPU time, both read from /proc during the step.
 * PostgreSQL only (H2 is one node). Writes target/bench/cluster-throughput-postgresql.json.
 */
@Tag("benchmark")
class ClusterThroughputBenchmark {

    private static final int DELIVERIES = Integer.getInteger("synchub.bench.cluster.deliveries", 1500);
    private static final String APP_NAME = "synchub-cluster-bench";
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

    @TempDir
    Path dir;

    private Map<String, String> database;

    @Test
    void updatesPerSecondWithOneTwoAndThreeNodes() throws Exception {
        assumeTrue(TestDatabase.postgres(), "several hub processes share one PostgreSQL; H2 is one node");
        int cores = Runtime.getRuntime().availableProcessors();
        BenchReport report = new BenchReport("cluster-throughput")
                .setting("load", DELIVERIES + " signed Shopify products/update deliveries per step (2 variants each), "
                        + "8 concurrent senders round-robin over the nodes; hubs are child JVMs (-Xmx512m) on one PostgreSQL schema")
                .setting("limit", cores + " CPU cores shared by every hub process, PostgreSQL and the load generator");
        database = new HashMap<>(TestDatabase.forChildProcess(dir));
        database.put("spring.datasource.url", database.get("spring.datasource.url") + "&ApplicationName=" + APP_NAME);
        Map<String, String> props = new HashMap<>(database);
        props.put("synchub.api-keys", HubTestSupport.API_KEY);
        props.put("synchub.channels.shopify.webhook-secret", HubTestSupport.SECRET);
        props.put("synchub.inbox.poll-delay-ms", "50");
        props.put("logging.level.root", "WARN");
        props.put("camel.main.jmx-enabled", "false");
        props.put("spring.jmx.enabled", "false");
        byte[] template = HubClient.fixture("shopify/products_update.json");
        String body = new String(template, StandardCharsets.UTF_8);

        List<HubProcess> nodes = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            int offset = 0;
            for (int n = 1; n <= 3; n++) {
                nodes.add(HubProcess.start(props, dir.resolve("hub-" + n + ".log")));
                List<HubClient> clients = nodes.stream().map(h -> new HubClient("http://localhost:" + h.port, HubTestSupport.API_KEY)).toList();
                long doneBefore = count("SELECT COUNT(*) FROM inbox WHERE status = 'DONE'");
                long hubCpu0 = nodes.stream().mapToLong(h -> cpuTicks(h.pid())).sum();
                Map<Long, Long> dbCpu0 = backendTicks();
                long start = System.nanoTime();
                List<CompletableFuture<Void>> sent = new ArrayList<>();
                for (int i = 0; i < DELIVERIES; i++) {
                    int k = offset + i;
                    sent.add(CompletableFuture.runAsync(() -> {
                        byte[] delivery = body.replace("788032119674292922", Long.toString(8_800_000_000_000L + k))
                                .replace("642667041472713922", Long.toString(8_810_000_000_000L + k))
                                .replace("757650484644203962", Long.toString(8_820_000_000_000L + k))
                                .getBytes(StandardCharsets.UTF_8);
                        HubClient.Response r = clients.get(k % clients.size())
                                .shopifyWebhook("products/update", "evt-bench-" + k, delivery, HubTestSupport.SECRET);
                        assertThat(r.status()).as(r.body()).isEqualTo(200);
                    }, senders));
                }
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
                long target = doneBefore + DELIVERIES;
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                while (count("SELECT COUNT(*) FROM inbox WHERE status = 'DONE'") < target) {
                    assertThat(System.nanoTime()).as(DELIVERIES + " deliveries applied within 10 minutes").isLessThan(deadline);
                    Thread.sleep(100); // one count query per 100 ms: the poll itself stays a negligible load
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long hubCpu = nodes.stream().mapToLong(h -> cpuTicks(h.pid())).sum() - hubCpu0;
                long dbCpu = backendTicks().entrySet().stream()
                        .mapToLong(e -> e.getValue() - dbCpu0.getOrDefault(e.getKey(), 0L)).sum();
                double rate = DELIVERIES / seconds;
                double dbShare = hubCpu + dbCpu == 0 ? Double.NaN : 100.0 * dbCpu / (hubCpu + dbCpu);
                double busy = 100.0 * (hubCpu + dbCpu) / CLOCK_TICKS / (seconds * cores);
                report.figure("cluster_updates_per_second_" + n + "_node" + (n == 1 ? "" : "s"), rate, "updates/s", "informational", null)
                        .note(DELIVERIES + " deliveries in " + round(seconds) + " s; hubs + their PostgreSQL backends used "
                                + round(busy) + "% of " + cores + " cores (the limit); load average " + loadAverage())
                        .figure("cluster_database_cpu_share_" + n + "_node" + (n == 1 ? "" : "s"), dbShare, "%", "informational", null)
                        .note("CPU time of the hubs' PostgreSQL backends / (that + the hub processes' CPU time)");
                offset += DELIVERIES;
            }
            assertThat(count("SELECT COUNT(*) FROM inbox WHERE status <> 'DONE'")).isZero();
            report.write();
        } finally {
            senders.shutdownNow();
            nodes.forEach(HubProcess::close);
        }
    }

    /** CPU time (user + system, clock ticks) of the hubs' own PostgreSQL backends, by pid. */
    private Map<Long, Long> backendTicks() {
        Map<Long, Long> ticks = new HashMap<>();
        try (Connection db = connect(); Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE application_name = '" + APP_NAME + "'")) {
            while (rs.next()) {
                long pid = rs.getLong(1);
                ticks.put(pid, cpuTicks(pid));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return ticks;
    }

    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        } catch (Exception e) {
            return 0; // a backend that ended meanwhile (or /proc unreadable): counted as nothing
        }
    }

    private long count(String sql) {
        try (Connection db = connect(); Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private Connection connect() throws java.sql.SQLException {
        // without the application name: the benchmark's own queries are not the hubs' database time
        String url = database.get("spring.datasource.url").replace("&ApplicationName=" + APP_NAME, "");
        return DriverManager.getConnection(url, database.get("spring.datasource.username"), database.get("spring.datasource.password"));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
