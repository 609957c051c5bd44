package io.synchub.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.platformsim.admin.AdminSimulator;
import io.platformsim.core.RecordedRequest;
import io.synchub.orders.SseTestClient;
import io.synchub.pos.PosSocket;
import io.synchub.support.HubClient;
import io.synchub.support.HubProcess;
import io.synchub.support.HubTestSupport;
import io.synchub.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Three hub processes (real child JVMs) on one PostgreSQL schema, the admin panel simulator as the push target.
 * Signed Shopify {@code orders/create} webhooks are spread round-robin across A, B and C; while the burst runs, POS
 * category writes and order events go through A, heard by a WebSocket client on C and an SSE client on B (only
 * LISTEN/NOTIFY can wake them: B's SSE table poll is an hour). Then A is killed with SIGKILL mid-burst; the deliveries
 * A would have got go to B and C (as the shop redelivers what was not answered). Afterwards: every delivery answered
 * 200 is applied exactly once (database counts), the panel holds every order exactly once (its request journal;
 * a push re-sent after A's lease ran out carries the same Idempotency-Key), and every change written through A
 * before it died reached the other nodes' clients (p99 printed).
 * <p>
 * The burst size is {@code -Dsynchub.cluster.webhooks} (default 2,400, a couple of minutes on a loaded 2-core
 * machine; the 10,000 can be run by hand). PostgreSQL only: H2 is one node.
 */
class ThreeHubProcessesTest {

    private static final int WEBHOOKS = Integer.getInteger("synchub.cluster.webhooks", 2400);
    private static final int PROBES = Integer.getInteger("synchub.cluster.probes", 100);
    private static final String ADMIN_KEY = "admin-cluster-key";
    private static final String SHOP_ORDER_ID = "820982911946154508";

    @TempDir
    static Path dir;

    private static AdminSimulator admin;
    private static final List<HubProcess> processes = Collections.synchronizedList(new ArrayList<>());
    private static HubProcess a;
    private static HubProcess b;
    private static HubProcess c;
    private static int wsPortC;
    private static Map<String, String> database;

    @BeforeAll
    static void startThreeHubs() throws Exception {
        assumeTrue(TestDatabase.postgres(), "several hub processes share one PostgreSQL; H2 is one node");
        admin = new AdminSimulator(0, ADMIN_KEY).start();
        database = TestDatabase.forChildProcess(dir);
        Map<String, String> props = new HashMap<>(database);
        props.put("synchub.api-keys", HubTestSupport.API_KEY);
        props.put("synchub.channels.shopify.webhook-secret", HubTestSupport.SECRET);
        props.put("synchub.operator.metrics-token", HubTestSupport.METRICS_TOKEN);
        props.put("ADMIN_BASE_URL", admin.baseUrl());
        props.put("ADMIN_API_KEY", ADMIN_KEY);
        props.put("ADMIN_POLL_INITIAL_DELAY", "1h");
        props.put("synchub.holds.validate-interval", "1h");
        props.put("synchub.inbox.poll-delay-ms", "100");
        props.put("synchub.outbox.poll-delay-ms", "100");
        props.put("synchub.outbox.retry.initial-delay", "500ms");
        // a job A claimed and never finished is taken again by B or C after this
        props.put("synchub.outbox.lease", "15s");
        props.put("synchub.order-events.poll-interval", "1h");
        props.put("synchub.cluster.reconnect-delay", "1s");
        props.put("camel.main.jmx-enabled", "false");
        props.put("spring.jmx.enabled", "false");
        props.put("management.endpoints.jmx.exposure.exclude", "*");
        // the first node migrates the schema; the other two start together
        a = start(props, "a");
        Map<String, String> propsC = new HashMap<>(props);
        wsPortC = HubProcess.freePort();
        propsC.put("synchub.pos.websocket.port", String.valueOf(wsPortC));
        CompletableFuture<HubProcess> startB = CompletableFuture.supplyAsync(() -> start(props, "b"));
        CompletableFuture<HubProcess> startC = CompletableFuture.supplyAsync(() -> start(propsC, "c"));
        b = startB.join();
        c = startC.join();
    }

    private static HubProcess start(Map<String, String> props, String name) {
        try {
            HubProcess p = HubProcess.start(props, dir.resolve("hub-" + name + ".log"));
            processes.add(p);
            return p;
        } catch (Exception e) {
            throw new IllegalStateException("hub " + name + " did not start", e);
        }
    }

    @AfterAll
    static void killEverything() {
        synchronized (processes) {
            processes.forEach(HubProcess::close);
        }
        if (admin != null) {
            admin.close();
        }
    }

    @Test
    void webhooksSpreadOverThreeNodesAreAppliedOnceAndPushedOnceWhenOneNodeIsKilledMidBurst() throws Exception {
        HubClient viaA = client(a);
        HubClient viaB = client(b);
        HubClient viaC = client(c);
        HubClient[] nodes = {viaA, viaB, viaC};
        byte[] template = HubClient.fixture("shopify/orders_create.json");
        String body = new String(template, StandardCharsets.UTF_8);
        assertThat(body).contains(SHOP_ORDER_ID);

        HttpClient http = HttpClient.newHttpClient();
        // the second half of the burst waits until A is dead, so the kill always falls mid-burst however slow the
        // probes through A are on a loaded machine
        CountDownLatch aKilled = new CountDownLatch(1);
        ExecutorService senders = Executors.newFixedThreadPool(6);
        try (PosSocket wsOnC = PosSocket.open(http, wsPortC, "berlin-1", HubTestSupport.API_KEY);
             SseTestClient sseOnB = SseTestClient.connect(url(b) + "/api/v1/sync/events?eventTypes=whatsapp_connected",
                     HubTestSupport.API_KEY, null)) {
            assertThat(sseOnB.next(Duration.ofSeconds(30)).name()).isEqualTo("connected");

            AtomicInteger sent = new AtomicInteger();
            AtomicInteger reroutedFromA = new AtomicInteger();
            Map<String, String> answers = new ConcurrentHashMap<>(); // shop order id -> "accepted" | "duplicate"
            List<CompletableFuture<Void>> deliveries = new ArrayList<>();
            long burstStart = System.nanoTime();
            for (int i = 0; i < WEBHOOKS; i++) {
                int n = i;
                deliveries.add(CompletableFuture.runAsync(() -> {
                    if (n >= WEBHOOKS / 2) {
                        awaitLatch(aKilled);
                    }
                    String orderId = Long.toString(9_100_000_000_000L + n);
                    byte[] delivery = body.replace(SHOP_ORDER_ID, orderId).replace("\"#9999\"", "\"#C" + n + "\"")
                            .getBytes(StandardCharsets.UTF_8);
                    String eventId = "evt-cluster-" + n;
                    HubClient.Response r;
                    try {
                        r = nodes[n % 3].shopifyWebhook("orders/create", eventId, delivery, HubTestSupport.SECRET);
                    } catch (IllegalStateException unreachable) {
                        if (n % 3 != 0) {
                            throw unreachable;
                        }
                        // A is gone (or died while answering): the shop redelivers the same event elsewhere
                        reroutedFromA.incrementAndGet();
                        r = nodes[1 + n % 2].shopifyWebhook("orders/create", eventId, delivery, HubTestSupport.SECRET);
                    }
                    assertThat(r.status()).as("delivery %d: %s", n, r.body()).isEqualTo(200);
                    answers.put(orderId, r.json().get("status").asText());
                    sent.incrementAndGet();
                }, senders));
            }

            // changes written through A while the burst runs, timed from just before the write
            Map<Long, Long> categoryWrittenAt = new ConcurrentHashMap<>();
            Map<String, Long> eventWrittenAt = new ConcurrentHashMap<>();
            // and from the moment A answered (committed): the part that is the notification path alone
            Map<Long, Long> categoryAnsweredAt = new ConcurrentHashMap<>();
            Map<String, Long> eventAnsweredAt = new ConcurrentHashMap<>();
            List<Double> writeMillis = new ArrayList<>();
            for (int k = 1; k <= PROBES; k++) {
                long id = 5000 + k;
                categoryWrittenAt.put(id, System.nanoTime());
                assertThat(viaA.put("/api/v1/entities/categories/" + id, "{\"name\":\"Cluster " + k + "\"}").status())
                        .isBetween(200, 201);
                categoryAnsweredAt.put(id, System.nanoTime());
                writeMillis.add((categoryAnsweredAt.get(id) - categoryWrittenAt.get(id)) / 1e6);
                String order = "CLUSTER-" + k;
                eventWrittenAt.put(order, System.nanoTime());
                assertThat(viaA.post("/api/v1/sync/events",
                        "{\"eventType\":\"whatsapp_connected\",\"orderID\":\"" + order + "\",\"data\":{}}").status())
                        .isBetween(200, 202);
                eventAnsweredAt.put(order, System.nanoTime());
                writeMillis.add((eventAnsweredAt.get(order) - eventWrittenAt.get(order)) / 1e6);
            }

            // A dies with the burst under way: at least a third sent, and not yet everything
            await(Duration.ofMinutes(3), "a third of the burst answered", () -> sent.get() >= WEBHOOKS / 3);
            int sentBeforeKill = sent.get();
            a.kill();
            aKilled.countDown();
            System.out.printf("cluster: node A killed with SIGKILL after %d of %d deliveries were answered%n",
                    sentBeforeKill, WEBHOOKS);
            assertThat(sentBeforeKill).as("A was killed mid-burst").isLessThan(WEBHOOKS);

            // what A wrote before it died reached C's WebSocket client and B's SSE client
            // POS notifications are coalesced per store and entity type (one message per window carrying the latest
            // change): the categories were written one after another with rising ids, so a message naming id k covers
            // every change up to k. Each change's latency is until the first message that covers it.
            long lastCategory = 5000 + PROBES;
            List<PosSocket.Received> categoryMessages = new ArrayList<>();
            long highest = 0;
            while (highest < lastCategory) {
                PosSocket.Received r = wsOnC.nextReceived("entity_updated", Duration.ofSeconds(60));
                assertThat(r).as("a notification on C covering category %d (heard up to %d)", lastCategory, highest).isNotNull();
                JsonNode m = r.json();
                if ("categories".equals(m.path("entity_type").asText())) {
                    categoryMessages.add(r);
                    highest = Math.max(highest, m.path("entity_id").asLong());
                }
            }
            List<Double> wsLatencies = new ArrayList<>();
            List<Double> wsAfterCommit = new ArrayList<>();
            categoryWrittenAt.forEach((id, at) -> categoryMessages.stream()
                    .filter(r -> r.json().path("entity_id").asLong() >= id).findFirst()
                    .ifPresent(r -> {
                        wsLatencies.add((r.nanos() - at) / 1e6);
                        wsAfterCommit.add((r.nanos() - categoryAnsweredAt.get(id)) / 1e6);
                    }));
            assertThat(wsLatencies).as("category changes through A heard on C").hasSize(PROBES);
            List<Double> sseLatencies = new ArrayList<>();
            List<Double> sseAfterCommit = new ArrayList<>();
            while (sseLatencies.size() < PROBES) {
                SseTestClient.Event e = sseOnB.next(Duration.ofSeconds(60), ev -> "whatsapp_connected".equals(ev.name()));
                String order = eventWrittenAt.keySet().stream().filter(o -> e.data().contains("\"" + o + "\""))
                        .findFirst().orElse(null);
                if (order != null) {
                    sseLatencies.add((e.receivedNanos() - eventWrittenAt.remove(order)) / 1e6);
                    sseAfterCommit.add((e.receivedNanos() - eventAnsweredAt.get(order)) / 1e6);
                }
            }
            assertThat(eventWrittenAt).as("order events through A never heard on B").isEmpty();

            CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
            senders.shutdown();
            double burstSeconds = (System.nanoTime() - burstStart) / 1e9;
            assertThat(answers).hasSize(WEBHOOKS);

            // B and C finish everything, A's share included
            long drainStart = System.nanoTime();
            await(Duration.ofMinutes(4), "every delivery applied and pushed", () ->
                    count("SELECT COUNT(*) FROM inbox WHERE status = 'DONE'") == WEBHOOKS
                            && count("SELECT COUNT(*) FROM outbox WHERE target = 'ADMIN' AND status IN ('completed', 'failed')") == WEBHOOKS);
            double totalSeconds = (System.nanoTime() - burstStart) / 1e9;

            assertThat(count("SELECT COUNT(*) FROM inbox")).as("one inbox row per delivery").isEqualTo(WEBHOOKS);
            assertThat(count("SELECT COUNT(*) FROM inbox WHERE status <> 'DONE'")).isZero();
            assertThat(count("SELECT COUNT(*) FROM orders WHERE origin = 'SHOPIFY'")).as("orders applied").isEqualTo(WEBHOOKS);
            assertThat(count("SELECT COUNT(DISTINCT external_id) FROM orders WHERE origin = 'SHOPIFY'")).isEqualTo(WEBHOOKS);
            assertThat(count("SELECT COUNT(*) FROM outbox WHERE target = 'ADMIN'")).as("one push job per order").isEqualTo(WEBHOOKS);
            assertThat(count("SELECT COUNT(*) FROM outbox WHERE target = 'ADMIN' AND status = 'completed'")).isEqualTo(WEBHOOKS);
            assertThat(count("SELECT COUNT(*) FROM dead_letters WHERE target = 'ADMIN'")).isZero();

            // the panel's journal: every order created exactly once
            Map<String, Long> panelOrders = admin.orders().stream()
                    .map(o -> o.get("order").path("externalId").asText())
                    .collect(Collectors.groupingBy(x -> x, Collectors.counting()));
            assertThat(panelOrders).as("orders in the panel").hasSize(WEBHOOKS);
            assertThat(panelOrders.values()).as("no order created twice in the panel").allMatch(v -> v == 1);
            List<RecordedRequest> posts = admin.requests().matching("POST", "/api/orders");
            Map<String, Long> postsPerKey = posts.stream()
                    .collect(Collectors.groupingBy(r -> String.valueOf(r.headers().get("idempotency-key")), Collectors.counting()));
            assertThat(postsPerKey).as("one Idempotency-Key per order").hasSize(WEBHOOKS).doesNotContainKey("null");
            long resent = postsPerKey.values().stream().filter(v -> v > 1).count();
            // only jobs A held when it died may be sent again (same key, the panel answers with the order it made)
            assertThat(resent).as("pushes re-sent after A's lease").isLessThanOrEqualTo(50);

            System.out.printf("cluster: %d webhooks over 3 nodes (A killed after %d answered, %d redelivered to B/C) in %.1f s; "
                            + "all applied and pushed %.1f s after the burst began (%.1f s after the last answer); %d pushes re-sent with the same key%n",
                    WEBHOOKS, sentBeforeKill, reroutedFromA.get(), burstSeconds, totalSeconds,
                    (System.nanoTime() - drainStart) / 1e9, resent);
            System.out.printf("cluster: WebSocket on C, changes through A: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d changes, %d coalesced messages)%n",
                    pct(wsLatencies, 50), pct(wsLatencies, 99), pct(wsLatencies, 100), wsLatencies.size(), categoryMessages.size());
            System.out.printf("cluster: from A's answer (commit) on: WebSocket on C p50 %.1f ms, p99 %.1f ms; SSE on B p50 %.1f ms, p99 %.1f ms; "
                            + "the writes through A themselves took p50 %.1f ms, p99 %.1f ms%n",
                    pct(wsAfterCommit, 50), pct(wsAfterCommit, 99), pct(sseAfterCommit, 50), pct(sseAfterCommit, 99),
                    pct(writeMillis, 50), pct(writeMillis, 99));
            System.out.printf("cluster: SSE on B, events through A: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d)%n",
                    pct(sseLatencies, 50), pct(sseLatencies, 99), pct(sseLatencies, 100), sseLatencies.size());
        } finally {
            aKilled.countDown();
            senders.shutdownNow();
        }
        assertThat(viaB.get("/actuator/health").status()).isEqualTo(200);
        assertThat(viaC.get("/actuator/health").status()).isEqualTo(200);
    }

    private static HubClient client(HubProcess p) {
        return new HubClient(url(p), HubTestSupport.API_KEY);
    }

    private static String url(HubProcess p) {
        return "http://localhost:" + p.port;
    }

    private static long count(String sql) {
        try (Connection db = DriverManager.getConnection(database.get("spring.datasource.url"),
                database.get("spring.datasource.username"), database.get("spring.datasource.password"));
             Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Polls an observable condition (every 250 ms: three hubs already share two cores) until it holds. */
    private static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            Thread.sleep(250);
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.MINUTES)) {
                throw new AssertionError("node A was never killed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double pct(List<Double> values, int p) {
        List<Double> sorted = values.stream().sorted().toList();
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(i, sorted.size() - 1)));
    }
}
