package io.synchub.bench;

import io.synchub.canonical.CanonicalJson;
import io.synchub.orders.OrderTestSupport;
import io.synchub.orders.SseTestClient;
import io.synchub.orders.events.OrderEventBroadcaster;
import io.synchub.orders.events.OrderEventLog;
import io.synchub.orders.events.OrderEventType;
import io.synchub.support.HubClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 500 concurrent SSE dashboards against the whole hub (heartbeat 1 s in this configuration), one of them frozen
 * (stops reading): heap and threads they cost, heartbeats each receives, and how long one event takes to reach all
 * of them. The clients run in the same JVM (non-blocking java.net.http, no thread per client), so the heap figure
 * includes their side of the connections too: it is an upper bound for the hub's cost.
 * Run: {@code mvn -B -o test -Pbench -Dtest=SseBenchmark}; writes target/bench/sse.json.
 */
@Tag("benchmark")
// 500 streams on the one test key: the order tests' per-key limit (12, to test the 429) would refuse the 13th
@TestPropertySource(properties = "synchub.order-events.max-connections-per-key=1000")
class SseBenchmark extends OrderTestSupport {

    private static final int CLIENTS = 500;
    private static final int FAN_OUT_ROUNDS = 20;

    @Autowired
    OrderEventBroadcaster broadcaster;
    @Autowired
    OrderEventLog log;
    @Autowired
    PlatformTransactionManager txManager;

    @Test
    void fiveHundredClientsWithHeartbeatsAndOneFrozen() throws Exception {
        long heapBefore = usedHeapAfterGc();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        long rssBefore = rssKb();

        List<SseTestClient> clients = new ArrayList<>();
        long connectStart = System.nanoTime();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(sse(""));
        }
        for (SseTestClient c : clients) {
            assertThat(c.next(Duration.ofSeconds(30)).name()).isEqualTo("connected");
        }
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        SseTestClient frozen = clients.get(0);
        frozen.stopReading();
        List<SseTestClient> readers = clients.subList(1, CLIENTS);

        int[] beatsAtStart = readers.stream().mapToInt(SseTestClient::heartbeats).toArray();
        Thread.sleep(3500); // three heartbeat intervals
        int minBeats = Integer.MAX_VALUE;
        for (int i = 0; i < readers.size(); i++) {
            minBeats = Math.min(minBeats, readers.get(i).heartbeats() - beatsAtStart[i]);
        }

        long heapWith = usedHeapAfterGc();
        int threadsWith = ManagementFactory.getThreadMXBean().getThreadCount();
        Map<String, Long> byKind = threadsByKind();
        System.out.println("SSE benchmark threads by kind with " + CLIENTS + " clients: " + byKind);
        long hubThreads = byKind.entrySet().stream().filter(e -> !e.getKey().startsWith("HttpClient")).mapToLong(Map.Entry::getValue).sum();
        long rssWith = rssKb();

        // fan-out: one committed event -> every reading client; p99 over clients and rounds
        TransactionTemplate tx = new TransactionTemplate(txManager);
        List<Double> latenciesMs = new ArrayList<>();
        for (int round = 0; round < FAN_OUT_ROUNDS; round++) {
            int n = round;
            long committedAt = System.nanoTime();
            tx.executeWithoutResult(s -> log.append(777, "default", List.of(new OrderEventLog.Pending(OrderEventType.STATUS_UPDATE,
                    CanonicalJson.object().put("round", n)))));
            for (SseTestClient c : readers) {
                SseTestClient.Event e = c.next(Duration.ofSeconds(10));
                assertThat(CanonicalJson.parse(e.data()).get("data").get("round").asInt()).isEqualTo(n);
                latenciesMs.add((e.receivedNanos() - committedAt) / 1e6);
            }
        }
        double[] sorted = latenciesMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double p50 = sorted[(int) (sorted.length * 0.50)];
        double p99 = sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)];
        int sendersInUse = broadcaster.senderThreads();
        long queued = broadcaster.queuedEvents();

        clients.forEach(SseTestClient::close);
        HubClient.await(Duration.ofSeconds(60), "all streams closed on the hub", () -> broadcaster.clients() == 0);

        long heapDelta = heapWith - heapBefore;
        List<Map<String, Object>> figures = new ArrayList<>();
        figures.add(figure("sse_clients_connected", CLIENTS, "clients", CLIENTS, null));
        figures.add(figure("sse_connect_all_seconds", round(connectSeconds), "s", null, null));
        figures.add(figure("sse_min_heartbeats_per_reading_client_in_3_5s", minBeats, "heartbeats", 3, null));
        figures.add(figure("sse_heap_delta_500_clients_incl_test_clients", round(heapDelta / 1048576.0), "MiB", null, null));
        figures.add(figure("sse_heap_per_client_incl_test_client", round(heapDelta / 1024.0 / CLIENTS), "KiB", null, null));
        figures.add(figure("sse_rss_delta_500_clients_incl_test_clients", round((rssWith - rssBefore) / 1024.0), "MiB", null, null));
        figures.add(figure("sse_rss_with_500_clients_incl_test_clients", round(rssWith / 1024.0), "MiB", 768, null));
        figures.add(figure("sse_threads_delta_500_clients_incl_test_clients", threadsWith - threadsBefore, "threads", null, null));
        figures.add(figure("sse_hub_sse_threads", byKind.getOrDefault("sse-sender", 0L) + byKind.getOrDefault("sse-heartbeat", 0L)
                + byKind.getOrDefault("order-event-dispatcher", 0L), "threads", 10, null));
        figures.add(figure("sse_tomcat_worker_threads", byKind.getOrDefault("http-nio", 0L), "threads", null, null));
        figures.add(figure("sse_sender_threads_with_one_frozen_client", sendersInUse, "threads", null, null));
        figures.add(figure("sse_events_held_in_memory", queued, "events", 2 * 64, null));
        figures.add(figure("sse_fan_out_p50_499_clients", round(p50), "ms", null, null));
        figures.add(figure("sse_fan_out_p99_499_clients", round(p99), "ms", 200, null));
        Path out = Path.of("target", "bench", "sse.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, CanonicalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("figures", figures)));
        System.out.println("SSE benchmark: " + Files.readString(out));

        assertThat(minBeats).as("every reading client got its heartbeats").isGreaterThanOrEqualTo(3);
        assertThat(p99).as("one frozen client does not hold up the fan-out").isLessThan(2000);
        assertThat(byKind.getOrDefault("sse-sender", 0L)).as("no thread per client").isLessThan(64);
    }

    private static Map<String, Object> figure(String name, Object value, String unit, Object target, Object limit) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", name);
        f.put("value", value);
        f.put("unit", unit);
        f.put("target", target);
        f.put("limit", limit);
        return f;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** Live threads grouped by name without its trailing number ("sse-sender-3" -> "sse-sender"). */
    private static Map<String, Long> threadsByKind() {
        Map<String, Long> kinds = new java.util.TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String kind = t.getName().replaceAll("[-_ #]*\\d+.*$", "");
            if (t.getName().startsWith("http-nio")) {
                kind = "http-nio";
            }
            kinds.merge(kind, 1L, Long::sum);
        }
        return kinds;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rssKb() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(Arrays.stream(l.split("\\s+")).filter(p -> p.matches("\\d+")).findFirst().orElse("0")))
                    .findFirst().orElse(0L);
        } catch (Exception e) {
            return 0;
        }
    }
}
