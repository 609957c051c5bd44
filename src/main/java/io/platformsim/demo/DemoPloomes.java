package io.platformsim.demo;

import io.platformsim.ploomes.PloomesConfig;
import io.platformsim.ploomes.PloomesSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

import java.util.Map;

/**
 * The Ploomes CRM in the demo, opt-in: {@code PLATFORMSIM_DEMO_PLOOMES_CATALOGUE_SIZE} products (0, the default, = no
 * Ploomes; the seed's 11,793, 118 pages at Ploomes' own 120 requests/minute, take about a minute to pull) with the seed's group
 * proportions. The hub's scheduled auto run pulls them soon after start-up and incrementals follow every minute, so
 * the runs appear in the run log and the console; users edit a product every {@code PLATFORMSIM_DEMO_PLOOMES_EDIT_EVERY}
 * (20s) and Ploomes sends the webhook.
 */
public final class DemoPloomes implements ApplicationListener<ApplicationReadyEvent>, AutoCloseable {

    static final String SIZE = DemoSettings.PREFIX + "ploomes-catalogue-size";
    private static final Logger LOG = LoggerFactory.getLogger(DemoPloomes.class);

    private final PloomesSimulator ploomes;
    private final Environment environment;

    private DemoPloomes(PloomesSimulator ploomes, Environment environment) {
        this.ploomes = ploomes;
        this.environment = environment;
    }

    /** Started only when asked for: the simulator and the hub properties that point at it; null otherwise. */
    static PloomesSimulator startIfAsked(Environment environment, int size, long seed, Map<String, Object> hubProperties) {
        if (size <= 0) {
            return null;
        }
        PloomesSimulator ploomes = new PloomesSimulator(PloomesConfig.defaults()
                .withPort(environment.getProperty(DemoSettings.PREFIX + "ploomes-port", Integer.class, 0)), size, seed).start();
        hubProperties.put("PLOOMES_BASE_URL", ploomes.baseUrl());
        hubProperties.put("PLOOMES_USER_KEY", ploomes.config().userKey());
        hubProperties.put("PLOOMES_VALIDATION_KEY", ploomes.config().validationKey());
        hubProperties.put("PLOOMES_HUB_USER_ID", String.valueOf(ploomes.config().hubUserId()));
        hubProperties.put("PLOOMES_OMIE_CREATOR_IDS", String.valueOf(ploomes.config().omieCreatorId()));
        hubProperties.put("PLOOMES_SYNC_INITIAL_DELAY", "15s");
        hubProperties.put("PLOOMES_INCREMENTAL_INTERVAL", "1m");
        return ploomes;
    }

    /** The catalogue size asked for (0 = no Ploomes), checked before any simulator starts. */
    static int catalogueSize(Environment environment) {
        int size = environment.getProperty(SIZE, Integer.class, 0);
        if (size < 0 || size > 100_000) {
            throw new IllegalArgumentException(SIZE + " must be between 0 (no Ploomes) and 100000, got " + size);
        }
        return size;
    }

    static DemoPloomes of(PloomesSimulator ploomes, Environment environment) {
        return new DemoPloomes(ploomes, environment);
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (ploomes == null) {
            return;
        }
        ploomes.hubWebhookUrl("http://127.0.0.1:" + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"))
                + environment.getProperty("server.servlet.context-path", "") + "/webhooks/ploomes");
        String every = environment.getProperty(DemoSettings.PREFIX + "ploomes-edit-every", "20s").trim();
        java.time.Duration edit = org.springframework.boot.convert.DurationStyle.detectAndParse(every);
        if (!edit.isZero()) {
            ploomes.usersEdit(1000.0 / edit.toMillis());
        }
        LOG.info("[demo] Ploomes CRM simulator at {} with {} products; the hub's first auto run starts in 15 s, users edit a "
                + "product every {}", ploomes.baseUrl(), ploomes.productCount(), every);
    }

    @Override
    public void close() {
        if (ploomes != null) {
            ploomes.close();
        }
    }
}
