package io.platformsim.jtl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.platformsim.core.ActivityTicker;
import io.platformsim.core.FaultPlan;
import io.platformsim.core.Json;
import io.platformsim.core.RequestJournal;
import io.platformsim.core.Routes;
import io.platformsim.core.SimHttpServer;
import io.platformsim.core.SimRequest;
import io.platformsim.core.SimResponse;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A simulated JTL Fulfillment Network merchant account on 127.0.0.1. No webhooks (FFN has none): the hub polls.
 *
 * <pre>
 * POST /token                                   Basic client_id:client_secret, grant_type=refresh_token (rotating)
 * GET  /api/v1/merchant/stocks/updates?fromDate=&amp;toDate=&amp;page=&amp;ignoreOwnApplicationId=
 *          → {nextChunkUrl, from, to, data:[StockChange], moreDataAvailable}
 * GET  /api/v1/merchant/stocks?$top=&amp;$skip=  · GET /api/v1/merchant/stocks/{jfsku}
 * GET|POST /api/v1/merchant/products           · GET|PUT|PATCH /api/v1/merchant/products/{jfsku}
 * POST /api/v1/merchant/outbounds · GET /api/v1/merchant/outbounds/updates · GET /api/v1/merchant/outbounds/{id}
 * </pre>
 * Everything under /api/ needs {@code Authorization: Bearer <access token>}.
 */
public final class JtlSimulator implements AutoCloseable {

    private static final String MERCHANT = "/api/v1/merchant";

    private final JtlConfig config;
    private final JtlOAuth oauth;
    private final JtlWarehouse warehouse;
    private final RequestJournal journal = new RequestJournal(100_000);
    private final FaultPlan faults = new FaultPlan();
    private final SimHttpServer http;
    private final ActivityTicker stockActivity = new ActivityTicker("jtl-warehouse");
    private final ActivityTicker outboundActivity = new ActivityTicker("jtl-outbounds");
    private final SplittableRandom random;

    public JtlSimulator(JtlConfig config) {
        this.config = config;
        this.random = new SplittableRandom(config.catalogue().seed() + 3);
        this.oauth = new JtlOAuth(config.initialRefreshToken(), config.accessTokenTtl());
        this.warehouse = new JtlWarehouse(config.warehouses());
        warehouse.load(config.catalogue());
        Routes routes = new Routes()
                .add("POST", "/token", this::token)
                .add("GET", MERCHANT + "/stocks/updates", r -> authorized(r, () -> updates(r, warehouse.stockFeed())))
                .add("GET", MERCHANT + "/stocks", r -> authorized(r, () -> stocks(r)))
                .add("GET", MERCHANT + "/stocks/{jfsku}", r -> authorized(r, () -> stock(r)))
                .add("GET", MERCHANT + "/products", r -> authorized(r, () -> products(r)))
                .add("POST", MERCHANT + "/products", r -> authorized(r, () -> createProduct(r)))
                .add("GET", MERCHANT + "/products/{jfsku}", r -> authorized(r, () -> product(r)))
                .add("PUT", MERCHANT + "/products/{jfsku}", r -> authorized(r, () -> updateProduct(r)))
                .add("PATCH", MERCHANT + "/products/{jfsku}", r -> authorized(r, () -> updateProduct(r)))
                .add("POST", MERCHANT + "/outbounds", r -> authorized(r, () -> createOutbound(r)))
                .add("GET", MERCHANT + "/outbounds/updates", r -> authorized(r, () -> updates(r, warehouse.outboundFeed())))
                .add("GET", MERCHANT + "/outbounds/{id}", r -> authorized(r, () -> outbound(r)));
        this.http = new SimHttpServer("jtl", routes, JtlSimulator::problem, journal, faults);
    }

    public JtlSimulator start() {
        http.start(config.port(), 4);
        return this;
    }

    @Override
    public void close() {
        stockActivity.stop();
        outboundActivity.stop();
        http.stop();
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    /** The hub's {@code synchub.jtl.base-url}: like FFN's {@code https://ffn.api.jtl-software.com/api}. */
    public String apiUrl() {
        return baseUrl() + "/api";
    }

    /** The hub's {@code synchub.jtl.token-url}. */
    public String tokenUrl() {
        return baseUrl() + "/token";
    }

    public int port() {
        return http.port();
    }

    public JtlConfig config() {
        return config;
    }

    public RequestJournal requests() {
        return journal;
    }

    public FaultPlan faults() {
        return faults;
    }

    /** A new, unused refresh token (as a fresh authorization-code login would hand out). */
    public String newRefreshToken() {
        return oauth.newRefreshToken();
    }

    public long tokenRefreshes() {
        return oauth.refreshes();
    }

    public int productCount() {
        return warehouse.productCount();
    }

    public String jfskuOf(String merchantSku) {
        return warehouse.jfskuOf(merchantSku);
    }

    /** The Stock resource of a product, or null. */
    public ObjectNode stock(String jfsku) {
        return warehouse.stock(jfsku);
    }

    /** Every product body pushed to POST/PUT/PATCH products, in order (for assertions on what the hub pushed). */
    public List<JsonNode> productPushes() {
        return warehouse.productPushes();
    }

    public int stockChangeCount() {
        return warehouse.stockFeed().size();
    }

    // ---- simulated warehouse ---------------------------------------------------------------------------------

    /** Starts simulated stock movements at {@code perSecond} and outbound progress every few seconds (0 stops). */
    public void warehouseActivity(double perSecond) {
        stockActivity.run(perSecond, () -> warehouse.randomMovement(random));
        outboundActivity.run(perSecond > 0 ? 0.2 : 0, warehouse::advanceOutbounds);
    }

    /** One random stock movement; returns the merchant SKU it touched. */
    public String randomStockMovement() {
        return warehouse.randomMovement(random);
    }

    /** Sets a SKU's stock level (an Adjustment in the feed); false when the SKU is unknown. */
    public boolean setStock(String merchantSku, BigDecimal level) {
        return warehouse.adjust(merchantSku, level);
    }

    /** Advances every open outbound by one status; returns how many moved. */
    public int advanceOutbounds() {
        return warehouse.advanceOutbounds();
    }

    // ---- HTTP endpoints --------------------------------------------------------------------------------------

    private static SimResponse problem(int status, String code, String message) {
        ObjectNode o = Json.object();
        o.put("type", "https://httpstatuses.io/" + status);
        o.put("title", code);
        o.put("status", status);
        o.put("detail", message);
        return SimResponse.json(status, o);
    }

    private static SimResponse oauthError(int status, String error, String description) {
        return SimResponse.json(status, Json.object().put("error", error).put("error_description", description))
                .withHeader("Cache-Control", "no-store");
    }

    private SimResponse token(SimRequest r) {
        String[] client = r.basicCredentials();
        if (client == null) {
            String id = r.form().getOrDefault("client_id", List.of("")).get(0);
            String secret = r.form().getOrDefault("client_secret", List.of("")).get(0);
            client = id.isEmpty() ? null : new String[]{id, secret};
        }
        if (client == null || !equal(client[0], config.clientId()) || !equal(client[1], config.clientSecret())) {
            return oauthError(401, "invalid_client", "client authentication failed").withHeader("WWW-Authenticate", "Basic realm=\"oauth2\"");
        }
        String grant = r.form().getOrDefault("grant_type", List.of("")).get(0);
        if (grant.equals("client_credentials")) {
            return oauthError(401, "unauthorized_client", "the client_credentials grant is not allowed; use authorization_code and refresh_token");
        }
        if (!grant.equals("refresh_token")) {
            return oauthError(400, "unsupported_grant_type", "grant_type must be refresh_token (authorization_code needs the browser login)");
        }
        String refreshToken = r.form().getOrDefault("refresh_token", List.of("")).get(0);
        return oauth.refresh(refreshToken)
                .map(t -> SimResponse.json(200, Json.object().put("token_type", "Bearer").put("expires_in", t.expiresIn())
                        .put("access_token", t.accessToken()).put("refresh_token", t.refreshToken())
                        .put("scope", "ffn.merchant.read ffn.merchant.write")).withHeader("Cache-Control", "no-store"))
                .orElseGet(() -> oauthError(400, "invalid_grant", "the refresh token is invalid, expired or was already used"));
    }

    private interface Action {
        SimResponse run();
    }

    private SimResponse authorized(SimRequest r, Action action) {
        if (!oauth.validAccessToken(r.bearerToken())) {
            return problem(401, "Unauthorized", "a valid Bearer access token is required; refresh it at the token endpoint")
                    .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        }
        return action.run();
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The …/updates feeds: entries with from ≤ time &lt; to ({@code to} defaults to now and is then fixed in the
     * next chunk's URL), {@code chunkSize} per page. nextChunkUrl is the next page while moreDataAvailable, else the
     * next window starting at {@code to}.
     */
    private SimResponse updates(SimRequest r, ChangeFeed feed) {
        Instant from = JtlTime.parse(r.param("fromDate"));
        if (from == null) {
            return problem(400, "Bad Request", "fromDate is required as an ISO-8601 date-time, e.g. 2026-01-01T00:00:00.000+00:00");
        }
        Instant to = r.param("toDate") == null ? feed.now() : JtlTime.parse(r.param("toDate"));
        if (to == null || to.isBefore(from)) {
            return problem(400, "Bad Request", "toDate must be an ISO-8601 date-time not before fromDate");
        }
        int page;
        try {
            page = r.param("page") == null ? 1 : Integer.parseInt(r.param("page"));
        } catch (NumberFormatException e) {
            page = 0;
        }
        if (page < 1) {
            return problem(400, "Bad Request", "page must be a positive integer");
        }
        boolean ignoreOwn = Boolean.parseBoolean(r.param("ignoreOwnApplicationId")) || Boolean.parseBoolean(r.param("ignoreOwnUserId"));
        ChangeFeed.Page p = feed.page(from, to, ignoreOwn ? config.clientId() : null, page, config.chunkSize());
        ArrayNode data = Json.array();
        p.entries().forEach(e -> data.add(e.body()));
        String own = ignoreOwn ? "&ignoreOwnApplicationId=true" : "";
        String next = p.more()
                ? r.baseUrl() + r.path() + "?fromDate=" + enc(JtlTime.format(from)) + "&toDate=" + enc(JtlTime.format(to)) + "&page=" + (page + 1) + own
                : r.baseUrl() + r.path() + "?fromDate=" + enc(JtlTime.format(to)) + "&page=1" + own;
        ObjectNode body = Json.object();
        body.put("nextChunkUrl", next);
        body.put("from", JtlTime.format(from));
        body.put("to", JtlTime.format(to));
        body.set("data", data);
        body.put("moreDataAvailable", p.more());
        return SimResponse.json(200, body);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static int intParam(SimRequest r, String name, int fallback, int max) {
        try {
            int v = r.param(name) == null ? fallback : Integer.parseInt(r.param(name));
            if (v < 0 || v > max) {
                throw new IllegalArgumentException(name + " must be between 0 and " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer");
        }
    }

    private SimResponse stocks(SimRequest r) {
        int top = intParam(r, "$top", 50, 500);
        int skip = intParam(r, "$skip", 0, Integer.MAX_VALUE);
        int total = warehouse.stockCount();
        ArrayNode items = Json.array();
        warehouse.stocks(skip, top).forEach(items::add);
        ObjectNode body = Json.object();
        body.set("items", items);
        body.set("_page", Json.object().put("total", total).put("limit", top).put("offset", skip));
        String next = skip + top < total ? r.baseUrl() + r.path() + "?$top=" + top + "&$skip=" + (skip + top) : null;
        String previous = skip > 0 ? r.baseUrl() + r.path() + "?$top=" + top + "&$skip=" + Math.max(0, skip - top) : null;
        body.set("_links", Json.object().put("previous", previous).put("next", next));
        body.put("nextPageLink", next);
        body.put("count", items.size());
        return SimResponse.json(200, body);
    }

    private SimResponse stock(SimRequest r) {
        ObjectNode s = warehouse.stock(r.pathParam("jfsku"));
        return s == null ? problem(404, "Not Found", "no product with jfsku " + r.pathParam("jfsku")) : SimResponse.json(200, s);
    }

    private SimResponse products(SimRequest r) {
        int top = intParam(r, "$top", 50, 500);
        int skip = intParam(r, "$skip", 0, Integer.MAX_VALUE);
        ArrayNode items = Json.array();
        warehouse.products(r.param("merchantSku"), skip, top).forEach(items::add);
        ObjectNode body = Json.object();
        body.set("items", items);
        body.set("_page", Json.object().put("total", r.param("merchantSku") == null ? warehouse.productCount() : items.size())
                .put("limit", top).put("offset", skip));
        return SimResponse.json(200, body);
    }

    private SimResponse product(SimRequest r) {
        ObjectNode p = warehouse.product(r.pathParam("jfsku"));
        return p == null ? problem(404, "Not Found", "no product with jfsku " + r.pathParam("jfsku")) : SimResponse.json(200, p);
    }

    private SimResponse createProduct(SimRequest r) {
        JsonNode body = r.json();
        if (body.path("merchantSku").asText("").isBlank() || body.path("name").asText("").isBlank()) {
            return problem(400, "Bad Request", "merchantSku and name are required");
        }
        ObjectNode created = warehouse.createProduct(body);
        if (created.path("conflict").asBoolean(false)) {
            ObjectNode conflict = Json.object().put("type", "https://httpstatuses.io/409").put("title", "Conflict").put("status", 409)
                    .put("detail", "a product with merchantSku " + body.get("merchantSku").asText() + " exists already; update it with PATCH /api/v1/merchant/products/"
                            + created.get("jfsku").asText())
                    .put("jfsku", created.get("jfsku").asText());
            return SimResponse.json(409, conflict);
        }
        return SimResponse.json(201, created);
    }

    private SimResponse updateProduct(SimRequest r) {
        ObjectNode updated = warehouse.updateProduct(r.pathParam("jfsku"), r.json());
        return updated == null ? problem(404, "Not Found", "no product with jfsku " + r.pathParam("jfsku")) : SimResponse.json(200, updated);
    }

    private SimResponse createOutbound(SimRequest r) {
        JtlWarehouse.OutboundResult result = warehouse.createOutbound(r.json(), config.clientId());
        if (result.status() == 201) {
            return SimResponse.json(201, result.outbound());
        }
        return problem(result.status(), result.status() == 409 ? "Conflict" : "Bad Request", result.reason());
    }

    private SimResponse outbound(SimRequest r) {
        ObjectNode o = warehouse.outbound(r.pathParam("id"));
        return o == null ? problem(404, "Not Found", "no outbound " + r.pathParam("id")) : SimResponse.json(200, o);
    }
}
