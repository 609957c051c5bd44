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
 * JTL simulator), every so often the same SKU is edited differently on both shops at once (a conflict), and an API
 * outage makes the hub's pushes fail (retries, dead letters). Every step is logged with a {@code [demo]} prefix.
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
        String hub = "http://127.0.0.1:" + port + contextPath;
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
        LOG.info("[demo] merchant edits {}/s, warehouse stock movements {}/s, a conflicting edit every {}, an API outage every {}",
                settings.priceEditsPerSecond(), settings.stockChangesPerSecond(), settings.conflictEvery(), settings.faultEvery());
        every(settings.conflictEvery(), this::conflictingEdit);
        every(settings.faultEvery(), this::outage);
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
        LOG.info("[demo] fault: the {} API answers 503 for the next {}", shopify ? "Shopify" : "WooCommerce", settings.faultLength());
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
