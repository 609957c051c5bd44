package io.platformsim.ploomes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.platformsim.core.ActivityTicker;
import io.platformsim.core.FaultPlan;
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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated Ploomes CRM account on 127.0.0.1 with the seed's 11,793-product catalogue: OData v4 product list
 * ({@code $top}, {@code $skip}, {@code $filter}, {@code $orderby}, {@code $expand}, {@code @odata.nextLink}),
 * {@code User-Key} authentication, the 120 requests/minute limit per key answered with 429 + Retry-After, product
 * edits by users over time, webhooks carrying the validation key in {@code X-Ploomes-Validation-Key}, and the
 * shared fault plan (outages, 500s, forced failures).
 *
 * <pre>
 * GET   /Products?$top=&amp;$skip=&amp;$filter=&amp;$orderby=&amp;$expand=Group,Family,OtherProperties
 * PATCH /Products({id})   (a user's edit; the key's user becomes UpdaterId)
 * </pre>
 */
public final class PloomesSimulator implements AutoCloseable {

    static final int MAX_TOP = 300;
    static final long BRL = 1;
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    private final PloomesConfig config;
    private final PloomesCatalogue catalogue;
    private final RequestJournal journal = new RequestJournal(100_000);
    private final FaultPlan faults = new FaultPlan();
    private final LeakyBucket rateLimit;
    private final SimHttpServer http;
    private final WebhookSender webhooks = new WebhookSender("ploomes", WebhookPolicy.wooCommerce(), 2);
    private final ActivityTicker users = new ActivityTicker("ploomes-users");
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong webhookIds = new AtomicLong(7_000);

    public PloomesSimulator(PloomesConfig config) {
        this(config, PloomesCatalogue.SEED_SIZE, 42);
    }

    /** A catalogue of {@code size} products with the seed's group proportions (11,793 = the seed itself). */
    public PloomesSimulator(PloomesConfig config, int size, long seed) {
        this.config = config;
        this.catalogue = new PloomesCatalogue(size, seed, config.omieCreatorId());
        this.rateLimit = config.requestsPerMinute() > 0
                ? new LeakyBucket(Math.max(1, config.burst()), config.requestsPerMinute() / 60.0) : null;
        Routes routes = new Routes()
                .add("GET", "/Products", r -> guarded(r, this::list))
                .add("PATCH", "/Products({id})", r -> guarded(r, this::patch));
        this.http = new SimHttpServer("ploomes", routes, PloomesSimulator::error, journal, faults);
    }

    public PloomesSimulator start() {
        http.start(config.port(), 8);
        return this;
    }

    @Override
    public void close() {
        users.stop();
        webhooks.stop();
        http.stop();
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    public PloomesConfig config() {
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
        return catalogue.size();
    }

    /** Requests refused by the 120/minute limit so far. */
    public long rateLimitedCount() {
        return rateLimited.get();
    }

    /** Products per seed category (services, rentals, atlas, ingersoll, omie), counted from the simulator's data. */
    public Map<String, Integer> categoryCounts() {
        return catalogue.categoryCounts();
    }

    /** The ids of every product, ascending. */
    public List<Long> ids() {
        return catalogue.query(p -> true, ODataQuery.order("Id"), 0, Integer.MAX_VALUE).items().stream().map(p -> p.id).toList();
    }

    /** A product as GET /Products renders it with every expansion, or empty. */
    public Optional<ObjectNode> product(long id) {
        synchronized (catalogue) {
            PloomesProduct p = catalogue.get(id);
            return p == null ? Optional.empty() : Optional.of(render(p, Set.of("group", "family", "otherproperties")));
        }
    }

    // ---- users of the account --------------------------------------------------------------------------------

    /** {@code count} distinct products edited now by a human user; returns their ids. */
    public List<Long> changeProducts(int count) {
        return catalogue.change(count, PloomesCatalogue.HUMAN_USER);
    }

    /** One product edited by {@code userId} (e.g. the hub's own API user); false when it does not exist. */
    public boolean edit(long id, long userId) {
        return catalogue.edit(id, userId);
    }

    /** Users editing random products at this rate until {@link #close()}. */
    public void usersEdit(double perSecond) {
        users.run(perSecond, () -> changeProducts(1).forEach(id -> sendWebhook("Update", id, PloomesCatalogue.HUMAN_USER)));
    }

    /** Deletes a product; the webhook body carries it as {@code Old}. */
    public Optional<ObjectNode> delete(long id) {
        synchronized (catalogue) {
            Optional<ObjectNode> before = product(id);
            catalogue.remove(id);
            return before;
        }
    }

    /** The body Ploomes delivers for a product event: {Action, Entity, AccountId, ActionUserId, WebhookId, New, Old}. */
    public ObjectNode webhookBody(String action, long id, long actionUserId, JsonNode old) {
        ObjectNode body = Json.object().put("Action", action).put("Entity", "Product").put("AccountId", config.accountId())
                .put("ActionUserId", actionUserId).put("WebhookId", 1).put("WebhookCreatorId", PloomesCatalogue.HUMAN_USER);
        Optional<ObjectNode> now = "Delete".equalsIgnoreCase(action) ? Optional.empty() : product(id);
        body.set("New", now.<JsonNode>map(n -> n).orElse(null));
        body.set("Old", old);
        return body;
    }

    /** Queues a webhook of this product event to the hub's URL (set with {@link #hubWebhookUrl}). */
    public boolean sendWebhook(String action, long id, long actionUserId) {
        byte[] payload = Json.bytes(webhookBody(action, id, actionUserId, null));
        return webhooks.submit(new WebhookDelivery("ploomes:" + webhookIds.incrementAndGet(), action, String.valueOf(id),
                () -> payload, (bytes, attempt) -> {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Content-Type", "application/json");
            h.put("X-Ploomes-Validation-Key", config.validationKey());
            return h;
        }));
    }

    public void hubWebhookUrl(String url) {
        webhooks.target(url);
    }

    // ---- API -------------------------------------------------------------------------------------------------

    private interface Endpoint {
        SimResponse handle(SimRequest r) throws Exception;
    }

    private SimResponse guarded(SimRequest r, Endpoint endpoint) throws Exception {
        String key = r.header("User-Key");
        if (key == null || !MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8), config.userKey().getBytes(StandardCharsets.UTF_8))) {
            return error(401, "unauthorized", "Authorization has been denied for this request.");
        }
        if (rateLimit != null) {
            LeakyBucket.Admission a = rateLimit.tryAdd(1);
            if (!a.admitted()) {
                rateLimited.incrementAndGet();
                return error(429, "too_many_requests", "API rate limit exceeded: " + config.requestsPerMinute() + " requests per minute.")
                        .withHeader("Retry-After", String.valueOf(Math.max(1, (long) Math.ceil(a.retryAfterSeconds()))));
            }
        }
        return endpoint.handle(r);
    }

    private SimResponse list(SimRequest r) {
        int top = integer(r.param("$top"), 100);
        int skip = integer(r.param("$skip"), 0);
        if (top < 1 || top > MAX_TOP || skip < 0) {
            throw new IllegalArgumentException("The limit of '" + MAX_TOP + "' for Top query has been exceeded or $skip is negative.");
        }
        Set<String> expand = expansions(r.param("$expand"));
        ObjectNode body = Json.object().put("@odata.context", r.baseUrl() + "/$metadata#Products");
        ArrayNode value = body.putArray("value");
        PloomesCatalogue.Page page;
        synchronized (catalogue) {
            page = catalogue.query(ODataQuery.filter(r.param("$filter"), config.zone()), ODataQuery.order(r.param("$orderby")), skip, top);
            page.items().forEach(p -> value.add(render(p, expand)));
        }
        if (config.nextLinks() && skip + top < page.matched()) {
            body.put("@odata.nextLink", r.baseUrl() + "/Products?" + withSkip(r.query(), skip + top));
        }
        return SimResponse.json(200, body);
    }

    private SimResponse patch(SimRequest r) {
        long id = Long.parseLong(r.pathParam("id"));
        JsonNode in = r.json();
        synchronized (catalogue) {
            PloomesProduct p = catalogue.get(id);
            if (p == null) {
                return error(404, "not_found", "Product " + id + " not found.");
            }
            if (in.hasNonNull("Name")) {
                p.name = in.get("Name").asText();
            }
            if (in.hasNonNull("UnitPrice")) {
                p.unitPrice = in.get("UnitPrice").decimalValue();
            }
            catalogue.edit(id, config.hubUserId());
            if (in.hasNonNull("UnitPrice")) {
                p.unitPrice = in.get("UnitPrice").decimalValue();
            }
            ObjectNode body = Json.object().put("@odata.context", r.baseUrl() + "/$metadata#Products");
            body.putArray("value").add(render(p, Set.of()));
            return SimResponse.json(200, body);
        }
    }

    private ObjectNode render(PloomesProduct p, Set<String> expand) {
        ObjectNode o = Json.object().put("Id", p.id).put("Name", p.name).put("Code", p.code).put("UnitPrice", p.unitPrice)
                .put("CurrencyId", BRL).put("GroupId", p.groupId).put("FamilyId", p.familyId)
                .put("MeasurementUnit", p.measurementUnit).put("ImageUrl", p.imageUrl).put("Suspended", p.suspended)
                .put("Editable", true).put("Deletable", true).put("CreatorId", p.creatorId).put("UpdaterId", p.updaterId)
                .put("CreateDate", local(p.createDate)).put("LastUpdateDate", local(p.lastUpdateDate));
        if (expand.contains("group")) {
            o.putObject("Group").put("Id", p.groupId).put("Name", PloomesCatalogue.GROUPS.get(p.groupId));
        }
        if (expand.contains("family")) {
            o.putObject("Family").put("Id", p.familyId).put("Name", PloomesCatalogue.FAMILIES.get(p.familyId));
        }
        if (expand.contains("otherproperties")) {
            ArrayNode props = o.putArray("OtherProperties");
            if (p.ncm != null) {
                props.addObject().put("FieldKey", "product_ncm").put("StringValue", p.ncm);
            }
            if (p.weight != null) {
                props.addObject().put("FieldKey", "product_weight").put("DecimalValue", p.weight);
            }
            props.addObject().put("FieldKey", "product_cost_price").put("DecimalValue", p.costPrice);
            if (p.creatorId == config.omieCreatorId()) {
                props.addObject().put("FieldKey", "product_omie_code").put("IntegerValue", 9_000_000_000L + p.id);
            }
        }
        return o;
    }

    private String local(Instant at) {
        return LOCAL.format(LocalDateTime.ofInstant(at, config.zone()));
    }

    private static Set<String> expansions(String expand) {
        if (expand == null || expand.isBlank()) {
            return Set.of();
        }
        Set<String> out = new java.util.HashSet<>();
        for (String e : expand.split(",")) {
            String name = e.trim().toLowerCase(Locale.ROOT);
            if (!Set.of("group", "family", "otherproperties").contains(name)) {
                throw new IllegalArgumentException("Could not find a property named '" + e.trim() + "' on type 'Product'.");
            }
            out.add(name);
        }
        return out;
    }

    private static String withSkip(Map<String, List<String>> query, int skip) {
        StringBuilder sb = new StringBuilder();
        Map<String, List<String>> q = new LinkedHashMap<>(query);
        q.put("$skip", List.of(String.valueOf(skip)));
        q.forEach((k, values) -> values.forEach(v -> {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8).replace("%24", "$")).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"));
        }));
        return sb.toString();
    }

    private static int integer(String v, int fallback) {
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The query specified in the URI is not valid: '" + v + "' is not an integer.");
        }
    }

    static SimResponse error(int status, String code, String message) {
        return SimResponse.json(status, Json.object().set("error", Json.object().put("code", code).put("message", message)));
    }
}
