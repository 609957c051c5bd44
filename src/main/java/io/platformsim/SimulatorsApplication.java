package io.platformsim;

import io.platformsim.core.CatalogueSpec;
import io.platformsim.jtl.JtlConfig;
import io.platformsim.shopify.ShopifyConfig;
import io.platformsim.woocommerce.WooConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the three platform simulators on their own (no hub in this process). Every option is an argument
 * {@code --name=value} or an environment variable {@code SIM_NAME} (upper case, dashes as underscores):
 * <pre>
 * --shopify-port=0 --woo-port=0 --jtl-port=0      0 = a free port
 * --catalogue-size=1000 --seed=42                  products per platform (up to 100,000), same seed = same SKUs
 * --hub-url=http://127.0.0.1:8080                  where webhooks go (loopback only); empty = no webhooks
 * --send-catalogue=true                            send the catalogue as products/create + product.created
 * --price-edits-per-second=0.5 --stock-changes-per-second=1
 * --woo-min-request-interval-ms=0                  e.g. 500 = one request per 500 ms, else 429 + Retry-After
 * --shopify-rest-bucket=40 --shopify-rest-leak-per-second=2
 * --error-rate=0 --latency-ms=0                    faults on every API
 * --env-file=./data/platformsim.env                the hub's environment variables for these simulators
 * </pre>
 * Credentials come from SIM_SHOPIFY_ACCESS_TOKEN, SIM_SHOPIFY_WEBHOOK_SECRET, SIM_WOO_CONSUMER_KEY,
 * SIM_WOO_CONSUMER_SECRET, SIM_WOO_WEBHOOK_SECRET, SIM_JTL_CLIENT_ID, SIM_JTL_CLIENT_SECRET, SIM_JTL_REFRESH_TOKEN, or
 * are generated; either way they are written only to the env file (owner-readable), never logged.
 */
public final class SimulatorsApplication {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorsApplication.class);

    private final Map<String, String> args;

    private SimulatorsApplication(Map<String, String> args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String a : argv) {
            if (!a.startsWith("--") || !a.contains("=")) {
                System.err.println("unknown argument " + a + "; options are --name=value (see the class documentation)");
                System.exit(2);
            }
            args.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        new SimulatorsApplication(args).run();
    }

    private String option(String name, String fallback) {
        String v = args.get(name);
        if (v == null) {
            v = System.getenv("SIM_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        return v == null || v.isBlank() ? fallback : v;
    }

    private String secret(String env) {
        String v = System.getenv(env);
        return v == null || v.isBlank() ? null : v;
    }

    private void run() throws IOException, InterruptedException {
        CatalogueSpec catalogue = CatalogueSpec.of(Integer.parseInt(option("catalogue-size", "1000")), Long.parseLong(option("seed", "42")));
        ShopifyConfig shopify = ShopifyConfig.defaults().withPort(Integer.parseInt(option("shopify-port", "0"))).withCatalogue(catalogue)
                .withRestLimit(Double.parseDouble(option("shopify-rest-bucket", "40")), Double.parseDouble(option("shopify-rest-leak-per-second", "2")));
        if (secret("SIM_SHOPIFY_ACCESS_TOKEN") != null || secret("SIM_SHOPIFY_WEBHOOK_SECRET") != null) {
            shopify = shopify.withCredentials(orElse(secret("SIM_SHOPIFY_ACCESS_TOKEN"), shopify.accessToken()),
                    orElse(secret("SIM_SHOPIFY_WEBHOOK_SECRET"), shopify.webhookSecret()));
        }
        WooConfig woo = WooConfig.defaults().withPort(Integer.parseInt(option("woo-port", "0"))).withCatalogue(catalogue)
                .withMinRequestInterval(Duration.ofMillis(Long.parseLong(option("woo-min-request-interval-ms", "0"))));
        woo = woo.withCredentials(orElse(secret("SIM_WOO_CONSUMER_KEY"), woo.consumerKey()),
                orElse(secret("SIM_WOO_CONSUMER_SECRET"), woo.consumerSecret()), orElse(secret("SIM_WOO_WEBHOOK_SECRET"), woo.webhookSecret()));
        JtlConfig jtl = JtlConfig.defaults().withPort(Integer.parseInt(option("jtl-port", "0"))).withCatalogue(catalogue);
        jtl = jtl.withCredentials(orElse(secret("SIM_JTL_CLIENT_ID"), jtl.clientId()), orElse(secret("SIM_JTL_CLIENT_SECRET"), jtl.clientSecret()),
                orElse(secret("SIM_JTL_REFRESH_TOKEN"), jtl.initialRefreshToken()));

        PlatformSimulators sims = new PlatformSimulators(shopify, woo, jtl).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sims.close();
            stopped.countDown();
        }, "platformsim-shutdown"));

        double errorRate = Double.parseDouble(option("error-rate", "0"));
        Duration latency = Duration.ofMillis(Long.parseLong(option("latency-ms", "0")));
        for (var faults : java.util.List.of(sims.shopify().faults(), sims.woo().faults(), sims.jtl().faults())) {
            faults.errorRate(errorRate).latency(latency, Duration.ZERO);
        }
        Path envFile = Path.of(option("env-file", "./data/platformsim.env"));
        writeEnvFile(envFile, sims.hubEnvironment());
        LOG.info("Shopify simulator     {}  (GraphQL POST /admin/api/{}/graphql.json, REST GET /admin/api/{}/products.json)",
                sims.shopify().baseUrl(), shopify.apiVersion(), shopify.apiVersion());
        LOG.info("WooCommerce simulator {}  (REST {})", sims.woo().baseUrl(), sims.woo().apiUrl());
        LOG.info("JTL-FFN simulator     {}  (token {}, API {}/v1/merchant/...)", sims.jtl().baseUrl(), sims.jtl().tokenUrl(), sims.jtl().apiUrl());
        LOG.info("catalogue: {} products per platform (seed {}); hub settings and credentials written to {} (source it before starting the hub)",
                catalogue.size(), catalogue.seed(), envFile.toAbsolutePath());

        String hub = option("hub-url", "");
        if (!hub.isBlank()) {
            sims.hub(hub.endsWith("/") ? hub.substring(0, hub.length() - 1) : hub);
            if (Boolean.parseBoolean(option("send-catalogue", "true"))) {
                // WooCommerce's webhook creation ping: wait until the hub answers it (it may still be starting)
                for (int i = 0; i < 240 && !sims.woo().ping(); i++) {
                    Thread.sleep(500);
                }
                LOG.info("sent the catalogue to {}: {} Shopify products, {} WooCommerce posts", hub,
                        sims.shopify().sendCatalogue(), sims.woo().sendCatalogue());
            }
        }
        sims.shopify().merchantEdits(Double.parseDouble(option("price-edits-per-second", "0.5")) / 2);
        sims.woo().merchantEdits(Double.parseDouble(option("price-edits-per-second", "0.5")) / 2);
        sims.jtl().warehouseActivity(Double.parseDouble(option("stock-changes-per-second", "1")));
        stopped.await();
    }

    private static String orElse(String value, String fallback) {
        return value != null ? value : fallback;
    }

    private static void writeEnvFile(Path file, Map<String, String> env) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        StringBuilder text = new StringBuilder("# written by io.platformsim.SimulatorsApplication: the hub's settings for these simulators\n");
        env.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        // owner-only from the first byte: the file holds credentials
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, text);
    }
}
