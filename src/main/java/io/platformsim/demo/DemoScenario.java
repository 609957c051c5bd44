package io.platformsim.demo;

import io.platformsim.PlatformSimulators;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the demo shows once the hub is up: the simulated platforms send their catalogues as webhooks (products flow
 * in), then a merchant edits prices on Shopify and WooCommerce, the warehouse moves stock (polled by the hub from the
 * JTL simulator), every so often the same SKU is edited differently on both shops at once (a conflict), an API
 * outage makes the hub's pushes fail (retried with backoff, the circuit opens and they wait), customers order on
 * Shopify (order events on the SSE stream, JTL outbounds the warehouse ships, shipments reported back), and WooCommerce
 * now and then rejects pushes as invalid (dead letters at once), which the demo replays through the hub's API a
 * minute later. Every step is logged with a {@code [demo]} prefix.
 */
public class DemoScenario implements ApplicationListener<ApplicationReadyEvent>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoScenario.class);

    private final PlatformSimulators platforms;
    private final DemoSettings settings;
    private final Environment environment;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "platformsim-demo");
        t.setDaemon(true);
        return t;
    });
    private final SplittableRandom random;
    private int faults;
    private volatile String hub;

    public DemoScenario(PlatformSimulators platforms, DemoSettings settings, Environment environment) {
        this.platforms = platforms;
        this.settings = settings;
        this.environment = environment;
        this.random = new SplittableRandom(settings.seed() + 99);
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        String contextPath = environment.getProperty("server.servlet.context-path", "");
        hub = "http://127.0.0.1:" + port + contextPath;
        platforms.hub(hub);
        LOG.info("[demo] simulators up: Shopify {}, WooCommerce {}, JTL-FFN {}; webhooks go to {} (catalogue of {} products)",
                platforms.shopify().baseUrl(), platforms.woo().baseUrl(), platforms.jtl().baseUrl(), hub, settings.catalogueSize());
        scheduler.schedule(this::sendCatalogues, settings.startDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sendCatalogues() {
        try {
            // like saving a webhook in wp-admin: the ping must get its 200 before deliveries make sense (the hub's
            // routes may start a moment after the application reports ready)
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
            while (!platforms.woo().ping()) {
                if (System.nanoTime() > deadline) {
                    LOG.warn("[demo] the hub's webhook endpoint did not answer the WooCommerce ping within 2 minutes; sending anyway");
                    break;
                }
                Thread.sleep(250);
            }
            int shopify = platforms.shopify().sendCatalogue();
            int woo = platforms.woo().sendCatalogue();
            LOG.info("[demo] catalogue sent as webhooks: {} Shopify products/create, {} WooCommerce product.created; "
                    + "the JTL warehouse holds {} products (polled by the hub)", shopify, woo, platforms.jtl().productCount());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        // most merchants edit in one admin: Shopify gets most of the edits, WooCommerce some
        platforms.shopify().merchantEdits(settings.priceEditsPerSecond() * 0.8);
        platforms.woo().merchantEdits(settings.priceEditsPerSecond() * 0.2);
        platforms.jtl().warehouseActivity(settings.stockChangesPerSecond());
        if (settings.errorRate() > 0) {
            platforms.shopify().faults().errorRate(settings.errorRate());
            platforms.woo().faults().errorRate(settings.errorRate());
        }
        LOG.info("[demo] merchant edits {}/s, warehouse stock movements {}/s, a conflicting edit every {}, an API outage every {}, "
                        + "a Shopify order every {}, WooCommerce rejects pushes every {} (replayed {} later)",
                settings.priceEditsPerSecond(), settings.stockChangesPerSecond(), readable(settings.conflictEvery()),
                readable(settings.faultEvery()), readable(settings.orderEvery()), readable(settings.rejectEvery()),
                readable(settings.replayAfter()));
        every(settings.conflictEvery(), this::conflictingEdit);
        every(settings.faultEvery(), this::outage);
        every(settings.orderEvery(), this::customerOrder);
        every(settings.shipEvery(), this::warehouseShips);
        every(settings.rejectEvery(), this::rejection);
    }

    /** A customer orders on Shopify: the hub stores it (an SSE order event), and sends it to JTL as an outbound. */
    void customerOrder() {
        String order = platforms.shopify().customerOrder();
        if (order != null) {
            LOG.info("[demo] a customer ordered on Shopify: order {}", order);
        }
    }

    /** The warehouse works: every open outbound moves one status on (the hub polls them; shipped ones go back to the shop). */
    void warehouseShips() {
        int moved = platforms.jtl().advanceOutbounds();
        if (moved > 0) {
            LOG.info("[demo] the JTL warehouse moved {} outbound(s) one status on (towards shipped)", moved);
        }
    }

    /** WooCommerce rejects the next pushes as invalid (HTTP 422): they go to the dead letters at once; replayed later. */
    void rejection() {
        platforms.woo().faults().failNext(3, 422);
        LOG.info("[demo] fault: the WooCommerce API rejects the next 3 requests as invalid (422): those pushes go to the dead "
                + "letters without retries; the demo replays them in {}", readable(settings.replayAfter()));
        scheduler.schedule(this::replayDeadLetters, settings.replayAfter().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What an operator does after fixing the cause: POST /api/v1/dead-letters/{id}/replay for each open dead letter. */
    void replayDeadLetters() {
        try {
            String key = apiKey();
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpResponse<String> list = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(hub + "/api/v1/dead-letters?status=OPEN&limit=100")).header("X-API-Key", key).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            int replayed = 0;
            for (com.fasterxml.jackson.databind.JsonNode item : io.platformsim.core.Json.parse(list.body()).path("items")) {
                java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(hub + "/api/v1/dead-letters/" + item.path("id").asText() + "/replay"))
                        .header("X-API-Key", key).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                replayed += r.statusCode() / 100 == 2 ? 1 : 0;
            }
            LOG.info("[demo] an operator replayed {} open dead letter(s) (POST /api/v1/dead-letters/{id}/replay)", replayed);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("[demo] replaying the dead letters failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String apiKey() throws java.io.IOException {
        String keys = environment.getProperty("synchub.api-keys", "");
        if (!keys.isBlank()) {
            return keys.split(",")[0].trim();
        }
        return java.nio.file.Files.readString(java.nio.file.Path.of(environment.getProperty("synchub.api-key-file", "./data/api-key"))).trim();
    }

    /** "45 s", "1 min 30 s", "2 min" (log lines are read by people). */
    static String readable(java.time.Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        return s % 60 == 0 ? s / 60 + " min" : s / 60 + " min " + s % 60 + " s";
    }

    private void every(java.time.Duration period, Runnable step) {
        if (!period.isZero() && !period.isNegative()) {
            scheduler.scheduleAtFixedRate(() -> {
                try {
                    step.run();
                } catch (RuntimeException e) {
                    LOG.warn("[demo] step failed: {}", e.toString());
                }
            }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The same SKU edited on Shopify and on WooCommerce within a moment, to different prices and names. */
    void conflictingEdit() {
        for (int attempt = 0; attempt < 20; attempt++) {
            int index = random.nextInt(Math.max(1, settings.catalogueSize()));
            String sku = String.format("SIM-%06d", index);
            Optional<BigDecimal> price = platforms.shopify().variantBySku(sku).map(v -> new BigDecimal(v.get("price").asText()));
            if (price.isEmpty() || platforms.woo().productBySku(sku).isEmpty()) {
                continue;
            }
            BigDecimal shopifyPrice = price.get().add(new BigDecimal("1.00"));
            BigDecimal wooPrice = price.get().add(new BigDecimal("2.00"));
            String name = platforms.woo().productBySku(sku).get().get("name").asText().replaceAll(" \\((Shopify|WooCommerce) edit\\)$", "");
            platforms.shopify().merchantEdit(sku, shopifyPrice, name + " (Shopify edit)");
            platforms.woo().merchantEdit(sku, wooPrice, name + " (WooCommerce edit)");
            LOG.info("[demo] conflicting edit of {}: Shopify price {} and name '{} (Shopify edit)', WooCommerce price {} and name '{} (WooCommerce edit)'",
                    sku, shopifyPrice, name, wooPrice, name);
            return;
        }
    }

    /** An outage of one shop's API (alternating): the hub's pushes fail, are retried and end in the dead letters. */
    void outage() {
        boolean shopify = faults++ % 2 == 0;
        (shopify ? platforms.shopify().faults() : platforms.woo().faults()).outageNow(settings.faultLength());
        LOG.info("[demo] fault: the {} API answers 503 for the next {} (the hub retries with backoff; its circuit may open)",
                shopify ? "Shopify" : "WooCommerce", readable(settings.faultLength()));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
