package io.platformsim.demo;

import io.platformsim.admin.AdminSimulator;
import io.platformsim.core.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The storefront back end of the demo: the admin panel simulator serves a small outfit catalogue (pulled by the hub),
 * and simulated customer sessions check availability and hold outfits through the hub's API. Each hold is then
 * released, confirmed or left to expire (the hub expires it a minute before the panel would, and says so on the event
 * stream); every few minutes the panel is down for a while: availability answers 503 while products are still served.
 * The API key is the hub's own (SYNCHUB_API_KEYS, else the generated key file), as a real storefront is configured.
 */
public class DemoStorefront implements ApplicationListener<ApplicationReadyEvent>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoStorefront.class);
    static final List<String> SKUS = List.of("OUTFIT-JACKET", "OUTFIT-SHIRT", "OUTFIT-TROUSERS", "OUTFIT-SHOES", "OUTFIT-BELT",
            "OUTFIT-SCARF");

    private final AdminSimulator admin;
    private final Environment environment;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "platformsim-storefront");
        t.setDaemon(true);
        return t;
    });
    private final SplittableRandom random = new SplittableRandom(7);
    private String hub;
    private String key;
    private int session;

    public DemoStorefront(AdminSimulator admin, Environment environment) {
        this.admin = admin;
        this.environment = environment;
    }

    /** The back office's outfit catalogue and stock (called before the hub starts pulling). */
    static void seed(AdminSimulator admin) {
        admin.putCategory("cat-outerwear", "Outerwear", null, 1);
        admin.putCategory("cat-basics", "Basics", null, 2);
        admin.putCategory("cat-accessories", "Accessories", null, 3);
        int i = 0;
        for (String sku : SKUS) {
            String category = i < 1 ? "cat-outerwear" : i < 4 ? "cat-basics" : "cat-accessories";
            admin.putProduct(sku, sku.substring(7).charAt(0) + sku.substring(8).toLowerCase() + " (outfit)",
                    new BigDecimal(29 + 10 * i), List.of(category));
            admin.setStock(sku, 5 + i);
            i++;
        }
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        hub = "http://127.0.0.1:" + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"))
                + environment.getProperty("server.servlet.context-path", "");
        LOG.info("[demo] admin panel simulator at {} serves {} outfit products; storefront sessions hold outfits every 20 s",
                admin.baseUrl(), SKUS.size());
        scheduler.scheduleWithFixedDelay(this::safely, 30, 20, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(this::outage, 150, 180, TimeUnit.SECONDS);
    }

    private void safely() {
        try {
            customerSession();
        } catch (RuntimeException e) {
            LOG.warn("[demo] storefront session failed: {}", e.getMessage());
        }
    }

    private void customerSession() {
        String s = "demo-session-" + (++session);
        String a = SKUS.get(random.nextInt(SKUS.size()));
        String b = SKUS.get(random.nextInt(SKUS.size()));
        Answer check = call("GET", "/api/v1/availability?skus=" + a + "," + b, null);
        if (check.status != 200) {
            LOG.info("[demo] {} cannot check availability: {} {}", s, check.status, check.body);
            return;
        }
        Answer hold = call("POST", "/api/v1/holds", "{\"items\":[{\"sku\":\"" + a + "\",\"quantity\":1},{\"sku\":\"" + b
                + "\",\"quantity\":1}],\"sessionId\":\"" + s + "\",\"customerId\":\"demo-customer\",\"outfitId\":\"outfit-" + session
                + "\",\"durationSeconds\":120}");
        if (hold.status != 201) {
            LOG.info("[demo] {} could not hold {} + {}: {} {}", s, a, b, hold.status, hold.body);
            return;
        }
        String id = Json.parse(hold.body).get("holdId").asText();
        int fate = random.nextInt(3);
        if (fate == 0) {
            LOG.info("[demo] {} holds {} + {} ({}) and will release it in 10 s", s, a, b, id);
            scheduler.schedule(() -> LOG.info("[demo] {} released {}: {}", s, id, call("DELETE", "/api/v1/holds/" + id, null).status),
                    10, TimeUnit.SECONDS);
        } else if (fate == 1) {
            LOG.info("[demo] {} holds {} + {} ({}) and will check out in 15 s", s, a, b, id);
            scheduler.schedule(() -> LOG.info("[demo] {} confirmed {}: {}", s, id,
                    call("POST", "/api/v1/holds/" + id + "/confirm", "").status), 15, TimeUnit.SECONDS);
        } else {
            LOG.info("[demo] {} holds {} + {} ({}) and walks away: the hub expires it in about 60 s (hold_expired)", s, a, b, id);
        }
    }

    private void outage() {
        admin.faults().outageNow(Duration.ofSeconds(20));
        Answer availability = call("GET", "/api/v1/availability?skus=" + SKUS.get(0), null);
        Answer products = call("GET", "/api/v1/products?q=outfit", null);
        LOG.info("[demo] the admin panel is down for 20 s: availability answers {}, products still answer {}",
                availability.status, products.status);
    }

    private record Answer(int status, String body) {
    }

    private Answer call(String method, String path, String body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub + path)).timeout(Duration.ofSeconds(10))
                    .header("X-API-Key", key()).header("Content-Type", "application/json");
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Answer(0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "interrupted");
        }
    }

    private String key() {
        if (key == null) {
            String configured = environment.getProperty("synchub.api-keys", "").split(",")[0].trim();
            if (!configured.isEmpty()) {
                key = configured;
            } else {
                try {
                    key = Files.readString(Path.of(environment.getProperty("synchub.api-key-file", "./data/api-key"))).trim();
                } catch (IOException e) {
                    throw new IllegalStateException("no API key for the demo storefront: " + e.getMessage(), e);
                }
            }
        }
        return key;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
