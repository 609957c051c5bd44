package io.platformsim.shopify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.platformsim.core.ActivityTicker;
import io.platformsim.core.FaultPlan;
import io.platformsim.core.Hmac;
import io.platformsim.core.Json;
import io.platformsim.core.LeakyBucket;
import io.platformsim.core.RequestJournal;
import io.platformsim.core.Routes;
import io.platformsim.core.SimHttpServer;
import io.platformsim.core.SimRequest;
import io.platformsim.core.SimResponse;
import io.platformsim.core.WebhookDelivery;
import io.platformsim.core.WebhookPolicy;
import io.platformsim.core.WebhookSender;
import io.platformsim.core.Catalogue;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A simulated Shopify store on 127.0.0.1: GraphQL Admin API mutations, REST products.json with cursor paging,
 * leaky-bucket limits, signed webhooks to the hub (products/create for the catalogue, products/update after merchant
 * edits and — like real Shopify — after every accepted mutation, inventory_levels/update after stock sets).
 *
 * <pre>
 * POST /admin/api/{version}/graphql.json            X-Shopify-Access-Token
 * GET  /admin/api/{version}/products.json?updated_at_min=&amp;limit=&amp;page_info=   (Link rel=next)
 * GET  /admin/api/{version}/products/{id}.json
 * GET  /admin/api/{version}/inventory_levels.json?inventory_item_ids=&amp;location_ids=   (re-read after COMPARE_QUANTITY_STALE)
 * </pre>
 */
public final class ShopifySimulator implements AutoCloseable {

    private final ShopifyConfig config;
    private final ShopifyStore store = new ShopifyStore();
    private final RequestJournal journal = new RequestJournal(100_000);
    private final FaultPlan faults = new FaultPlan();
    private final LeakyBucket restBucket;
    private final LeakyBucket graphqlBucket;
    private final ShopifyGraphql graphql;
    private final SimHttpServer http;
    private final WebhookSender webhooks = new WebhookSender("shopify", WebhookPolicy.shopify(), 4);
    private final ActivityTicker merchant = new ActivityTicker("shopify-merchant");
    private final SplittableRandom random;
    private final java.util.concurrent.atomic.AtomicLong orderNumbers = new java.util.concurrent.atomic.AtomicLong(1000);

    public ShopifySimulator(ShopifyConfig config) {
        this.config = config;
        this.random = new SplittableRandom(config.catalogue().seed() + 1);
        this.restBucket = new LeakyBucket(config.restBucketSize(), config.restLeakPerSecond());
        this.graphqlBucket = new LeakyBucket(config.graphqlBucketSize(), config.graphqlRestoreRate());
        this.graphql = new ShopifyGraphql(store, graphqlBucket, new ShopifyEvents() {
            @Override
            public void productUpdated(ShopifyProduct product) {
                fire("products/update", product);
            }

            @Override
            public void inventoryLevelUpdated(ShopifyVariant variant) {
                fireInventoryLevel(variant);
            }
        }, config.locationId());
        store.load(config.catalogue());
        Routes routes = new Routes()
                .add("POST", "/admin/api/{version}/graphql.json", this::graphql)
                .add("GET", "/admin/api/{version}/products.json", this::listProducts)
                .add("GET", "/admin/api/{version}/products/{file}", this::getProduct)
                .add("GET", "/admin/api/{version}/inventory_levels.json", this::inventoryLevels);
        this.http = new SimHttpServer("shopify", routes,
                (status, code, message) -> SimResponse.json(status, Json.object().put("errors", message)), journal, faults);
        webhooks.target(config.hubWebhookUrl());
    }

    public ShopifySimulator start() {
        http.start(config.port(), 8);
        return this;
    }

    @Override
    public void close() {
        merchant.stop();
        webhooks.stop();
        http.stop();
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    public int port() {
        return http.port();
    }

    public ShopifyConfig config() {
        return config;
    }

    public RequestJournal requests() {
        return journal;
    }

    public FaultPlan faults() {
        return faults;
    }

    public WebhookSender webhooks() {
        return webhooks;
    }

    public String locationGid() {
        return "gid://shopify/Location/" + config.locationId();
    }

    public int productCount() {
        return store.productCount();
    }

    public int variantCount() {
        return store.variantCount();
    }

    /** The product as its REST resource (the webhook body shape), or empty. */
    public Optional<ObjectNode> product(long id) {
        synchronized (store) {
            ShopifyProduct p = store.product(id);
            return p == null ? Optional.empty() : Optional.of(ShopifyRestJson.product(p));
        }
    }

    /** The REST variant of the variant with this SKU, or empty. */
    public Optional<ObjectNode> variantBySku(String sku) {
        synchronized (store) {
            return store.variantBySku(sku).map(ShopifyRestJson::variant);
        }
    }

    public List<Long> productIds() {
        return store.productIds();
    }

    // ---- simulated merchant ----------------------------------------------------------------------------------

    /** Sends products/create for every product (the initial catalogue), with back-pressure; returns how many. */
    public int sendCatalogue() throws InterruptedException {
        int sent = 0;
        for (Long id : store.productIds()) {
            webhooks.awaitPendingBelow(200);
            synchronized (store) {
                fire("products/create", store.product(id));
            }
            sent++;
        }
        return sent;
    }

    /** Starts simulated merchant price edits at {@code perSecond} (0 stops them). */
    public void merchantEdits(double perSecond) {
        merchant.run(perSecond, this::randomPriceEdit);
    }

    /** One merchant price edit of a random variant; returns its SKU (may be null: products without SKU exist). */
    public String randomPriceEdit() {
        synchronized (store) {
            ShopifyProduct p = store.randomProduct(random);
            if (p == null) {
                return null;
            }
            ShopifyVariant v = p.variants.get(random.nextInt(p.variants.size()));
            v.price = Catalogue.editedPrice(v.price, random);
            ShopifyStore.touch(p, v);
            fire("products/update", p);
            return v.sku;
        }
    }

    /** A merchant edit of the variant with this SKU in the Shopify admin (null leaves a value unchanged). */
    public boolean merchantEdit(String sku, BigDecimal price, String productTitle) {
        synchronized (store) {
            Optional<ShopifyVariant> found = store.variantBySku(sku);
            if (found.isEmpty()) {
                return false;
            }
            ShopifyVariant v = found.get();
            ShopifyProduct p = store.product(v.productId);
            if (price != null) {
                v.price = price;
            }
            if (productTitle != null) {
                p.title = productTitle;
            }
            ShopifyStore.touch(p, v);
            fire("products/update", p);
            return true;
        }
    }

    /**
     * A customer buys one variant with a SKU (1-3 pieces, paid, to ship): sends orders/create as Shopify does (REST
     * Order, ids as exact integers and gids); returns the order's name (#1001…), or null without a SKU in the store.
     */
    public String customerOrder() {
        synchronized (store) {
            for (int attempt = 0; attempt < 50; attempt++) {
                ShopifyProduct p = store.randomProduct(random);
                if (p == null) {
                    return null;
                }
                ShopifyVariant v = p.variants.get(random.nextInt(p.variants.size()));
                if (v.sku == null || v.sku.isBlank()) {
                    continue;
                }
                long number = orderNumbers.incrementAndGet();
                long id = 5_900_000_000_000L + number;
                int quantity = 1 + random.nextInt(3);
                BigDecimal total = v.price.multiply(BigDecimal.valueOf(quantity));
                String now = Instant.now().toString();
                com.fasterxml.jackson.databind.node.ObjectNode o = Json.object();
                o.put("id", id);
                o.put("admin_graphql_api_id", "gid://shopify/Order/" + id);
                o.put("name", "#" + number);
                o.put("order_number", number);
                o.put("email", "customer" + number + "@example.com");
                o.put("currency", "EUR");
                o.put("created_at", now);
                o.put("updated_at", now);
                o.put("financial_status", "paid");
                o.putNull("fulfillment_status");
                o.putNull("cancelled_at");
                o.put("test", false);
                o.put("subtotal_price", total.toPlainString());
                o.put("total_price", total.toPlainString());
                o.put("total_tax", "0.00");
                o.put("total_discounts", "0.00");
                o.putObject("customer").put("admin_graphql_api_id", "gid://shopify/Customer/" + (7_000_000L + number));
                com.fasterxml.jackson.databind.node.ObjectNode line = o.putArray("line_items").addObject();
                line.put("id", id * 10 + 1);
                line.put("admin_graphql_api_id", "gid://shopify/LineItem/" + (id * 10 + 1));
                line.put("variant_id", v.id);
                line.put("product_id", v.productId);
                line.put("sku", v.sku);
                line.put("name", p.title + (p.variants.size() > 1 ? " - " + v.title : ""));
                line.put("quantity", quantity);
                line.put("price", v.price.toPlainString());
                com.fasterxml.jackson.databind.node.ObjectNode ship = o.putObject("shipping_address");
                ship.put("name", "Demo Customer " + number);
                ship.put("first_name", "Demo");
                ship.put("last_name", "Customer " + number);
                ship.put("address1", "Hauptstrasse " + (1 + number % 99));
                ship.put("city", "Berlin");
                ship.put("zip", "10115");
                ship.put("country_code", "DE");
                submit("orders/create", String.valueOf(id), Json.bytes(o));
                return "#" + number + " (" + quantity + " x " + v.sku + ")";
            }
            return null;
        }
    }

    // ---- webhooks --------------------------------------------------------------------------------------------

    private void fire(String topic, ShopifyProduct p) {
        byte[] snapshot = Json.bytes(ShopifyRestJson.product(p));
        submit(topic, String.valueOf(p.id), snapshot);
    }

    private void fireInventoryLevel(ShopifyVariant v) {
        submit("inventory_levels/update", String.valueOf(v.inventoryItemId), Json.bytes(ShopifyRestJson.inventoryLevel(v, config.locationId())));
    }

    private void submit(String topic, String resource, byte[] snapshot) {
        String webhookId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        String triggeredAt = Instant.now().toString();
        webhooks.submit(new WebhookDelivery(webhookId, topic, resource, () -> snapshot, (body, attempt) -> {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Content-Type", "application/json");
            h.put("User-Agent", "Shopify-Captain-Hook");
            h.put("X-Shopify-Topic", topic);
            h.put("X-Shopify-Hmac-Sha256", Hmac.sha256Base64(config.webhookSecret(), body));
            h.put("X-Shopify-Shop-Domain", config.shopDomain());
            h.put("X-Shopify-API-Version", config.apiVersion());
            h.put("X-Shopify-Webhook-Id", webhookId);
            h.put("X-Shopify-Event-Id", eventId);
            h.put("X-Shopify-Triggered-At", triggeredAt);
            return h;
        }));
    }

    /** Points webhooks at the hub (e.g. {@code http://127.0.0.1:8080/webhooks/shopify}); loopback only. */
    public void hubWebhookUrl(String url) {
        webhooks.target(url);
    }

    // ---- HTTP endpoints --------------------------------------------------------------------------------------

    private SimResponse unauthorized(SimRequest r) {
        String token = r.header("X-Shopify-Access-Token");
        if (token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                config.accessToken().getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return SimResponse.json(401, Json.object().put("errors", "[API] Invalid API key or access token (unrecognized login or wrong password)"));
    }

    private SimResponse graphql(SimRequest r) {
        SimResponse denied = unauthorized(r);
        return denied != null ? denied : graphql.handle(r, r.pathParam("version"));
    }

    /** The REST leaky bucket: admitted requests carry the call-limit header, refused ones get 429 + Retry-After. */
    private SimResponse restLimited(SimRequest r, java.util.function.Supplier<SimResponse> handler) {
        SimResponse denied = unauthorized(r);
        if (denied != null) {
            return denied;
        }
        LeakyBucket.Admission a = restBucket.tryAdd(1);
        String limit = (int) Math.ceil(a.level()) + "/" + (int) restBucket.capacity();
        if (!a.admitted()) {
            double wait = Math.max(0.1, Math.ceil(a.retryAfterSeconds() * 10) / 10);
            return SimResponse.json(429, Json.object().put("errors", "Exceeded " + (int) restBucket.leakPerSecond()
                            + " calls per second for api client. Reduce request rates to resume uninterrupted service."))
                    .withHeader("Retry-After", String.format(Locale.ROOT, "%.1f", wait))
                    .withHeader("X-Shopify-Shop-Api-Call-Limit", limit);
        }
        return handler.get().withHeader("X-Shopify-Shop-Api-Call-Limit", limit);
    }

    private SimResponse listProducts(SimRequest r) {
        return restLimited(r, () -> {
            String pageInfo = r.param("page_info");
            int limit = r.param("limit") == null ? 50 : Integer.parseInt(r.param("limit"));
            if (limit < 1 || limit > 250) {
                return SimResponse.json(400, Json.object().put("errors", Json.object().put("limit", "must be between 1 and 250").toString()));
            }
            Instant min = null;
            long afterId = 0;
            if (pageInfo != null) {
                if (r.query().keySet().stream().anyMatch(k -> !k.equals("page_info") && !k.equals("limit") && !k.equals("fields"))) {
                    return SimResponse.json(400, Json.object().put("errors", "page_info - When page_info is present, only limit and fields may be sent"));
                }
                String[] cursor = decodeCursor(pageInfo);
                if (cursor == null) {
                    return SimResponse.json(400, Json.object().put("errors", "page_info - Invalid value."));
                }
                min = cursor[0].isEmpty() ? null : Instant.parse(cursor[0]);
                afterId = Long.parseLong(cursor[1]);
            } else if (r.param("updated_at_min") != null) {
                min = ShopifyTime.parse(r.param("updated_at_min"));
            }
            List<ShopifyProduct> page;
            ArrayNode items = Json.array();
            synchronized (store) {
                page = store.page(min, afterId, limit);
                for (ShopifyProduct p : page.subList(0, Math.min(limit, page.size()))) {
                    items.add(ShopifyRestJson.product(p));
                }
            }
            ObjectNode body = Json.object();
            body.set("products", items);
            SimResponse response = SimResponse.json(200, body);
            if (page.size() > limit) {
                long lastId = page.get(limit - 1).id;
                String next = r.baseUrl() + r.path() + "?limit=" + limit + "&page_info="
                        + URLEncoder.encode(encodeCursor(min, lastId), StandardCharsets.UTF_8);
                response = response.withHeader("Link", "<" + next + ">; rel=\"next\"");
            }
            return response;
        });
    }

    private SimResponse getProduct(SimRequest r) {
        return restLimited(r, () -> {
            String file = r.pathParam("file");
            long id = file.endsWith(".json") ? ShopifyIds.numeric(file.substring(0, file.length() - 5), "Product") : -1;
            Optional<ObjectNode> p = product(id);
            if (p.isEmpty()) {
                return SimResponse.json(404, Json.object().put("errors", "Not Found"));
            }
            return SimResponse.json(200, Json.object().set("product", p.get()));
        });
    }

    private SimResponse inventoryLevels(SimRequest r) {
        return restLimited(r, () -> {
            String items = r.param("inventory_item_ids");
            if (items == null || items.isBlank()) {
                return SimResponse.json(422, Json.object().put("errors", "inventory_item_ids or location_ids must be present"));
            }
            String locations = r.param("location_ids");
            boolean atOurLocation = locations == null || java.util.Arrays.stream(locations.split(","))
                    .anyMatch(l -> l.trim().equals(String.valueOf(config.locationId())));
            ArrayNode levels = Json.array();
            synchronized (store) {
                for (String id : items.split(",")) {
                    ShopifyVariant v = store.variantByInventoryItem(ShopifyIds.numeric(id.trim(), "InventoryItem"));
                    if (v != null && atOurLocation) {
                        levels.add(ShopifyRestJson.inventoryLevel(v, config.locationId()));
                    }
                }
            }
            return SimResponse.json(200, Json.object().set("inventory_levels", levels));
        });
    }

    private static String encodeCursor(Instant min, long afterId) {
        String raw = (min == null ? "" : min.toString()) + "|" + afterId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decodeCursor(String pageInfo) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(pageInfo), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|", -1);
            if (parts.length != 2) {
                return null;
            }
            Long.parseLong(parts[1]);
            return parts;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
