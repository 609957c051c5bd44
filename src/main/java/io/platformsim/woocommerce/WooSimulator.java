package io.platformsim.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.platformsim.core.ActivityTicker;
import io.platformsim.core.Catalogue;
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

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A simulated WooCommerce shop on 127.0.0.1: REST API v3 with HTTP Basic consumer key/secret, list paging with
 * X-WP-Total/X-WP-TotalPages/Link, batch updates limited to 100 items, an optional per-request rate limit, and signed
 * webhooks that — like WooCommerce's Action Scheduler — coalesce a burst into one delivery per resource and build the
 * payload at delivery time. No retries; the subscription is disabled after more than 5 consecutive failures.
 *
 * <pre>
 * GET  /wp-json/wc/v3/products?modified_after=&amp;per_page=&amp;page=&amp;orderby=&amp;order=&amp;sku=
 * POST /wp-json/wc/v3/products · GET|PUT /wp-json/wc/v3/products/{id} · POST /wp-json/wc/v3/products/batch
 * GET  /wp-json/wc/v3/products/{pid}/variations · GET|PUT /wp-json/wc/v3/products/{pid}/variations/{id}
 * POST /wp-json/wc/v3/products/{pid}/variations/batch
 * </pre>
 */
public final class WooSimulator implements AutoCloseable {

    static final int BATCH_LIMIT = 100;
    /** How long after a change the delivery job runs; changes of the same resource in between share one delivery. */
    static final java.time.Duration DELIVERY_DELAY = java.time.Duration.ofMillis(250);
    private static final String API = "/wp-json/wc/v3";

    private final WooConfig config;
    private final WooStore store = new WooStore();
    private final RequestJournal journal = new RequestJournal(100_000);
    private final FaultPlan faults = new FaultPlan();
    private final LeakyBucket rateLimit;
    private final SimHttpServer http;
    private final WebhookSender webhooks = new WebhookSender("woocommerce", WebhookPolicy.wooCommerce(), 4);
    private final Set<Long> pendingWebhooks = ConcurrentHashMap.newKeySet();
    private final ActivityTicker merchant = new ActivityTicker("woocommerce-merchant");
    private final SplittableRandom random;

    public WooSimulator(WooConfig config) {
        this.config = config;
        this.random = new SplittableRandom(config.catalogue().seed() + 2);
        long intervalMs = config.minRequestInterval() == null ? 0 : config.minRequestInterval().toMillis();
        this.rateLimit = intervalMs > 0 ? new LeakyBucket(1, 1000.0 / intervalMs) : null;
        store.load(config.catalogue());
        Routes routes = new Routes()
                .add("GET", API + "/products", r -> guarded(r, this::list))
                .add("POST", API + "/products", r -> guarded(r, this::create))
                .add("POST", API + "/products/batch", r -> guarded(r, req -> batch(req, null)))
                .add("GET", API + "/products/{id}", r -> guarded(r, this::get))
                .add("PUT", API + "/products/{id}", r -> guarded(r, this::update))
                .add("POST", API + "/products/{id}", r -> guarded(r, this::update))
                .add("GET", API + "/products/{pid}/variations", r -> guarded(r, this::listVariations))
                .add("POST", API + "/products/{pid}/variations/batch", r -> guarded(r, this::variationBatch))
                .add("GET", API + "/products/{pid}/variations/{id}", r -> guarded(r, this::getVariation))
                .add("PUT", API + "/products/{pid}/variations/{id}", r -> guarded(r, this::updateVariation))
                .add("POST", API + "/products/{pid}/variations/{id}", r -> guarded(r, this::updateVariation));
        this.http = new SimHttpServer("woocommerce", routes, (status, code, message) -> SimResponse.json(status,
                WooJson.error(status, "woocommerce_rest_" + code, message)), journal, faults);
        webhooks.target(config.hubWebhookUrl());
    }

    public WooSimulator start() {
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

    /** What the hub's {@code synchub.channels.woocommerce.base-url} should be: the site root + /wp-json/wc/v3. */
    public String apiUrl() {
        return baseUrl() + API;
    }

    public int port() {
        return http.port();
    }

    public WooConfig config() {
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

    public int productCount() {
        return store.productCount();
    }

    /** A product or variation as the REST API renders it, or empty. */
    public Optional<ObjectNode> product(long id) {
        synchronized (store) {
            WooProduct p = store.get(id);
            return p == null ? Optional.empty() : Optional.of(WooJson.product(p, config.sourceUrl()));
        }
    }

    public Optional<ObjectNode> productBySku(String sku) {
        synchronized (store) {
            WooProduct p = store.bySku(sku);
            return p == null ? Optional.empty() : Optional.of(WooJson.product(p, config.sourceUrl()));
        }
    }

    public void hubWebhookUrl(String url) {
        webhooks.target(url);
    }

    // ---- simulated merchant ----------------------------------------------------------------------------------

    /** product.created for every product and variation (the initial catalogue), with back-pressure. */
    public int sendCatalogue() throws InterruptedException {
        int sent = 0;
        for (Long id : store.ids(true)) {
            webhooks.awaitPendingBelow(200);
            trigger("product.created", id);
            sent++;
        }
        return sent;
    }

    public void merchantEdits(double perSecond) {
        merchant.run(perSecond, this::randomPriceEdit);
    }

    /** One merchant price edit in wp-admin of a random simple product or variation; returns its SKU ("" = none). */
    public String randomPriceEdit() {
        WooProduct p;
        synchronized (store) {
            p = store.random(random);
            if (p == null || p.regularPrice == null) {
                return null;
            }
            if (p.salePrice != null) {
                p.salePrice = Catalogue.editedPrice(p.salePrice, random).min(p.regularPrice);
            } else {
                p.regularPrice = Catalogue.editedPrice(p.regularPrice, random);
            }
            p.dateModified = Instant.now();
        }
        trigger("product.updated", p.id);
        return p.sku;
    }

    /** A merchant edit of the product with this SKU (null leaves a value unchanged): sets the active price. */
    public boolean merchantEdit(String sku, BigDecimal price, String name) {
        WooProduct p;
        synchronized (store) {
            p = store.bySku(sku);
            if (p == null) {
                return false;
            }
            if (price != null) {
                if (p.salePrice != null) {
                    p.salePrice = price;
                    p.regularPrice = p.regularPrice.max(price);
                } else {
                    p.regularPrice = price;
                }
            }
            if (name != null) {
                p.name = name;
            }
            p.dateModified = Instant.now();
        }
        trigger("product.updated", p.id);
        return true;
    }

    // ---- webhooks --------------------------------------------------------------------------------------------

    /** Queues at most one delivery per resource; the payload is the resource as it is when the delivery runs. */
    private void trigger(String topic, long id) {
        if (!webhooks.subscribed() || !pendingWebhooks.add(id)) {
            return;
        }
        String event = topic.substring(topic.indexOf('.') + 1);
        boolean submitted = webhooks.submit(new WebhookDelivery(topic + ":" + id + ":" + System.nanoTime(), topic, String.valueOf(id), () -> {
            pendingWebhooks.remove(id);
            return product(id).map(Json::bytes).orElseGet(() -> Json.bytes(Json.object().put("id", id)));
        }, (body, attempt) -> {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Content-Type", "application/json");
            h.put("User-Agent", "WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)");
            h.put("X-WC-Webhook-Source", config.sourceUrl());
            h.put("X-WC-Webhook-Topic", topic);
            h.put("X-WC-Webhook-Resource", "product");
            h.put("X-WC-Webhook-Event", event);
            h.put("X-WC-Webhook-Signature", Hmac.sha256Base64(config.webhookSecret(), body));
            h.put("X-WC-Webhook-ID", String.valueOf(config.webhookId()));
            h.put("X-WC-Webhook-Delivery-ID", deliveryId(config.webhookId()));
            return h;
        }), DELIVERY_DELAY);
        if (!submitted) {
            pendingWebhooks.remove(id);
        }
    }

    /**
     * The ping WooCommerce sends when a webhook is saved: a form body {@code webhook_id=N}, no X-WC headers, no
     * signature; saving succeeds only on exactly 200. True when the hub answered 200.
     */
    public boolean ping() {
        String target = webhooks.target();
        if (target == null) {
            return false;
        }
        try {
            java.net.http.HttpResponse<Void> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(target))
                    .timeout(java.time.Duration.ofSeconds(5)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("webhook_id=" + config.webhookId())).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** wp_hash(webhook_id . time()): second resolution, not an event id. */
    private static String deliveryId(long webhookId) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest((webhookId + "" + Instant.now().getEpochSecond()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- HTTP endpoints --------------------------------------------------------------------------------------

    private interface Endpoint {
        SimResponse handle(SimRequest r);
    }

    /** Authentication (Basic, or consumer_key/consumer_secret query parameters), then the optional rate limit. */
    private SimResponse guarded(SimRequest r, Endpoint endpoint) {
        String[] basic = r.basicCredentials();
        String key = basic != null ? basic[0] : r.param("consumer_key");
        String secret = basic != null ? basic[1] : r.param("consumer_secret");
        if (key == null) {
            return error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
        }
        if (!equal(key, config.consumerKey())) {
            return error(401, "woocommerce_rest_authentication_error", "Consumer key is invalid.");
        }
        if (secret == null || !equal(secret, config.consumerSecret())) {
            return error(401, "woocommerce_rest_authentication_error", "Invalid signature - provided signature does not match.");
        }
        if (rateLimit != null) {
            LeakyBucket.Admission a = rateLimit.tryAdd(1);
            if (!a.admitted()) {
                return error(429, "woocommerce_rest_too_many_requests", "Too many requests: the limit is one request every "
                        + config.minRequestInterval().toMillis() + " ms. Wait for Retry-After seconds.")
                        .withHeader("Retry-After", String.format(Locale.ROOT, "%.1f", Math.max(0.1, Math.ceil(a.retryAfterSeconds() * 10) / 10)));
            }
        }
        return endpoint.handle(r);
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static SimResponse error(int status, String code, String message) {
        return SimResponse.json(status, WooJson.error(status, code, message));
    }

    private static SimResponse invalidParam(String param, String reason) {
        ObjectNode e = WooJson.error(400, "rest_invalid_param", "Invalid parameter(s): " + param);
        ((ObjectNode) e.get("data")).set("params", Json.object().put(param, reason));
        return SimResponse.json(400, e);
    }

    private SimResponse list(SimRequest r) {
        int perPage;
        int page;
        try {
            perPage = r.param("per_page") == null ? 10 : Integer.parseInt(r.param("per_page"));
            page = r.param("page") == null ? 1 : Integer.parseInt(r.param("page"));
        } catch (NumberFormatException e) {
            return invalidParam("per_page", "per_page and page must be integers");
        }
        if (perPage < 1 || perPage > 100) {
            return invalidParam("per_page", "per_page must be between 1 (inclusive) and 100 (inclusive)");
        }
        if (page < 1) {
            return invalidParam("page", "page must be greater than or equal to 1");
        }
        Instant after = null;
        if (r.param("modified_after") != null) {
            after = parseDate(r.param("modified_after"));
            if (after == null) {
                return invalidParam("modified_after", "Invalid date.");
            }
        }
        String orderBy = Optional.ofNullable(r.param("orderby")).orElse("date");
        boolean asc = "asc".equalsIgnoreCase(r.param("order"));
        if (!List.of("date", "id", "modified", "title").contains(orderBy)) {
            return invalidParam("orderby", "orderby is not one of date, id, modified, title");
        }
        WooStore.Page result = store.list(after, r.param("sku"), r.param("status"), orderBy, asc, (page - 1) * perPage, perPage);
        int total = result.total();
        int pages = (total + perPage - 1) / perPage;
        if (page > pages && total > 0) {
            return error(400, "rest_post_invalid_page_number", "The page number requested is larger than the number of pages available.");
        }
        ArrayNode items = Json.array();
        synchronized (store) {
            for (WooProduct p : result.items()) {
                items.add(WooJson.product(p, config.sourceUrl()));
            }
        }
        return paged(r, SimResponse.json(200, items), total, pages, page);
    }

    private static SimResponse paged(SimRequest r, SimResponse response, int total, int pages, int page) {
        SimResponse out = response.withHeader("X-WP-Total", String.valueOf(total)).withHeader("X-WP-TotalPages", String.valueOf(pages));
        StringBuilder link = new StringBuilder();
        if (page > 1) {
            link.append('<').append(pageUrl(r, page - 1)).append(">; rel=\"prev\"");
        }
        if (page < pages) {
            if (link.length() > 0) {
                link.append(", ");
            }
            link.append('<').append(pageUrl(r, page + 1)).append(">; rel=\"next\"");
        }
        return link.length() == 0 ? out : out.withHeader("Link", link.toString());
    }

    private static String pageUrl(SimRequest r, int page) {
        StringBuilder q = new StringBuilder();
        r.query().forEach((k, values) -> {
            if (!k.equals("page") && !k.equals("consumer_key") && !k.equals("consumer_secret")) {
                values.forEach(v -> q.append(q.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
            }
        });
        q.append(q.length() == 0 ? "" : "&").append("page=").append(page);
        return r.baseUrl() + r.path() + "?" + q;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** ISO-8601, with or without offset (without = the site's time zone, UTC here). */
    private static Instant parseDate(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** A post by id: /products/{id} answers for products and (as WooCommerce does) for variations. */
    private WooProduct find(String id) {
        try {
            return store.get(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private SimResponse get(SimRequest r) {
        synchronized (store) {
            WooProduct p = find(r.pathParam("id"));
            return p == null ? error(404, "woocommerce_rest_product_invalid_id", "Invalid ID.")
                    : SimResponse.json(200, WooJson.product(p, config.sourceUrl()));
        }
    }

    private SimResponse update(SimRequest r) {
        JsonNode body = r.json();
        WooProduct p;
        synchronized (store) {
            p = find(r.pathParam("id"));
            if (p == null) {
                return error(404, "woocommerce_rest_product_invalid_id", "Invalid ID.");
            }
            SimResponse failed = applyOrError(p, body);
            if (failed != null) {
                return failed;
            }
        }
        trigger("product.updated", p.id);
        return product(p.id).map(o -> SimResponse.json(200, o)).orElseThrow();
    }

    private SimResponse applyOrError(WooProduct p, JsonNode body) {
        String code = store.apply(p, body);
        if (code == null) {
            return null;
        }
        if (code.startsWith("rest_invalid_param:")) {
            String param = code.substring(code.indexOf(':') + 1);
            return invalidParam(param, param + " is not of type string with a decimal number.");
        }
        return error(400, code, "Invalid or duplicated SKU.");
    }

    private SimResponse create(SimRequest r) {
        WooProduct p = store.create(r.json(), null);
        if (p == null) {
            return error(400, "product_invalid_sku", "Invalid or duplicated SKU.");
        }
        trigger("product.created", p.id);
        return product(p.id).map(o -> SimResponse.json(201, o)).orElseThrow();
    }

    private WooProduct parent(SimRequest r) {
        WooProduct parent = find(r.pathParam("pid"));
        return parent != null && "variable".equals(parent.type) ? parent : null;
    }

    private WooProduct variation(SimRequest r, WooProduct parent) {
        try {
            WooProduct v = store.get(Long.parseLong(r.pathParam("id")));
            return v != null && v.isVariation() && v.parentId == parent.id ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private SimResponse listVariations(SimRequest r) {
        synchronized (store) {
            WooProduct parent = parent(r);
            if (parent == null) {
                return error(404, "woocommerce_rest_product_invalid_id", "Invalid ID.");
            }
            ArrayNode items = Json.array();
            store.variations(parent).forEach(v -> items.add(WooJson.product(v, config.sourceUrl())));
            return paged(r, SimResponse.json(200, items), items.size(), items.isEmpty() ? 0 : 1, 1);
        }
    }

    private SimResponse getVariation(SimRequest r) {
        synchronized (store) {
            WooProduct parent = parent(r);
            WooProduct v = parent == null ? null : variation(r, parent);
            return v == null ? error(404, "woocommerce_rest_product_variation_invalid_id", "Invalid ID.")
                    : SimResponse.json(200, WooJson.product(v, config.sourceUrl()));
        }
    }

    private SimResponse updateVariation(SimRequest r) {
        JsonNode body = r.json();
        WooProduct v;
        synchronized (store) {
            WooProduct parent = parent(r);
            v = parent == null ? null : variation(r, parent);
            if (v == null) {
                return error(404, "woocommerce_rest_product_variation_invalid_id", "Invalid ID.");
            }
            SimResponse failed = applyOrError(v, body);
            if (failed != null) {
                return failed;
            }
        }
        trigger("product.updated", v.id);
        return product(v.id).map(o -> SimResponse.json(200, o)).orElseThrow();
    }

    private SimResponse variationBatch(SimRequest r) {
        WooProduct parent;
        synchronized (store) {
            parent = parent(r);
        }
        if (parent == null) {
            return error(404, "woocommerce_rest_product_invalid_id", "Invalid ID.");
        }
        return batch(r, parent);
    }

    /** {create, update, delete}: at most 100 items in total (413 beyond), per-item results and errors, HTTP 200. */
    private SimResponse batch(SimRequest r, WooProduct parent) {
        JsonNode body = r.json();
        int items = body.path("create").size() + body.path("update").size() + body.path("delete").size();
        if (items > BATCH_LIMIT) {
            return error(413, "woocommerce_rest_request_entity_too_large",
                    "Unable to accept more than " + BATCH_LIMIT + " items for this request.");
        }
        String invalidCode = parent == null ? "woocommerce_rest_product_invalid_id" : "woocommerce_rest_product_variation_invalid_id";
        ObjectNode result = Json.object();
        List<Map.Entry<String, Long>> fired = new java.util.ArrayList<>();
        if (body.has("create")) {
            ArrayNode created = result.putArray("create");
            for (JsonNode item : body.get("create")) {
                WooProduct p = store.create(item, parent);
                if (p == null) {
                    created.add(itemError(0, 400, "product_invalid_sku", "Invalid or duplicated SKU."));
                } else {
                    created.add(product(p.id).orElseThrow());
                    fired.add(Map.entry("product.created", p.id));
                }
            }
        }
        if (body.has("update")) {
            ArrayNode updated = result.putArray("update");
            for (JsonNode item : body.get("update")) {
                long id = item.path("id").asLong(0);
                synchronized (store) {
                    WooProduct p = store.get(id);
                    boolean belongs = p != null && (parent == null ? !p.isVariation() : p.isVariation() && p.parentId == parent.id);
                    if (!belongs) {
                        updated.add(itemError(id, 400, invalidCode, "Invalid ID."));
                        continue;
                    }
                    SimResponse failed = applyOrError(p, item);
                    if (failed != null) {
                        JsonNode e = Json.parse(failed.body());
                        updated.add(itemError(id, 400, e.path("code").asText(), e.path("message").asText()));
                        continue;
                    }
                    updated.add(WooJson.product(p, config.sourceUrl()));
                }
                fired.add(Map.entry("product.updated", id));
            }
        }
        if (body.has("delete")) {
            ArrayNode deleted = result.putArray("delete");
            for (JsonNode item : body.get("delete")) {
                long id = item.asLong(0);
                Optional<ObjectNode> before = product(id);
                if (before.isEmpty() || store.delete(id) == null) {
                    deleted.add(itemError(id, 400, invalidCode, "Invalid ID."));
                } else {
                    deleted.add(before.get());
                    fired.add(Map.entry("product.deleted", id));
                }
            }
        }
        fired.forEach(e -> trigger(e.getKey(), e.getValue()));
        return SimResponse.json(200, result);
    }

    private static ObjectNode itemError(long id, int status, String code, String message) {
        ObjectNode o = Json.object();
        o.put("id", id);
        o.set("error", WooJson.error(status, code, message));
        return o;
    }
}
