package io.synchub.platform;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.core.env.Environment;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One platform as {@code mappings/<id>/platform.yaml} declares it: how to reach it (base URL, auth, rate, breaker),
 * how its webhooks are signed and which flow each topic goes to, and how its pushes behave (stock as its own
 * operation, products it only updates when linked, whether {@code POST /api/v1/products} may create there).
 *
 * A setting is a literal or {@code {property: spring.key, env: ENV_NAME, default: value}}, resolved in that order;
 * secrets are only ever named, never written in the file.
 */
public final class PlatformDeclaration {

    public static final String HMAC_SHA256_BASE64 = "hmac-sha256-base64";
    public static final String SHARED_KEY = "shared-key";
    public static final String NONE = "none";
    private static final List<String> SCHEMES = List.of(HMAC_SHA256_BASE64, SHARED_KEY, NONE);

    private final Path file;
    private final JsonNode doc;
    private final Environment env;
    private final String id;
    private final String origin;
    private final Map<String, String> topics = new LinkedHashMap<>();
    private final Set<String> runFlows = new LinkedHashSet<>();
    /**
     * Settings resolved once: a lookup in Spring's Environment walks every property source, and the planner, the
     * dispatchers and the pulls asked for the same few settings on every item (a tenth of a full pull's CPU). The
     * environment does not change while the hub runs, so each setting is resolved the first time it is asked for.
     */
    private final Map<JsonNode, String> resolved = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    private volatile List<String> missing;

    PlatformDeclaration(Path file, JsonNode doc, Environment env) {
        this.file = file;
        this.doc = doc;
        this.env = env;
        this.id = doc.path("id").asText("");
        String folder = file.getParent() == null ? "" : file.getParent().getFileName().toString();
        if (!id.equals(folder)) {
            throw invalid("id '" + id + "' must equal its folder name '" + folder + "'");
        }
        if (!id.matches("[a-z][a-z0-9-]*")) {
            throw invalid("id must be lower-case letters, digits and dashes");
        }
        this.origin = doc.path("origin").asText(id.toUpperCase(Locale.ROOT));
        if (!origin.equals(id.toUpperCase(Locale.ROOT).replace('-', '_'))) {
            throw invalid("origin '" + origin + "' must be the id in capitals");
        }
        String scheme = signatureScheme();
        if (!SCHEMES.contains(scheme)) {
            throw invalid("webhook.signature must be one of " + SCHEMES + ", not '" + scheme + "'");
        }
        doc.path("topics").fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual() || !e.getValue().asText().matches("[a-z][a-z0-9-]*")) {
                throw invalid("topics." + e.getKey() + " must name a flow (lower-case, dashes), e.g. products");
            }
            topics.put(e.getKey(), e.getValue().asText());
        });
        if (!doc.path("runs").isMissingNode() && !doc.path("runs").isArray()) {
            throw invalid("runs must be a list of flows, e.g. [products]");
        }
        doc.path("runs").forEach(flow -> {
            if (!topics.containsValue(flow.asText())) {
                throw invalid("runs names '" + flow.asText() + "', which no topic is handled by (topics: " + topics.values()
                        + "); a run flow is one of them");
            }
            runFlows.add(flow.asText());
        });
        String stock = doc.path("push").path("stock").asText("with-product");
        if (!List.of("with-product", "separate").contains(stock)) {
            throw invalid("push.stock must be with-product or separate");
        }
        String scheme2 = authScheme();
        if (!List.of("none", "header", "basic", "bearer").contains(scheme2)) {
            throw invalid("auth.scheme must be none, header, basic or bearer");
        }
        for (String required : required()) {
            if (!List.of("baseUrl", "auth").contains(required) && doc.path("settings").path(required).isMissingNode()) {
                throw invalid("requires names '" + required + "', which is neither baseUrl, auth nor a settings entry");
            }
        }
    }

    private IllegalStateException invalid(String why) {
        return new IllegalStateException(file + ": " + why);
    }

    public String id() {
        return id;
    }

    /** The origin/target name the hub stores (SHOPIFY, ACME, ...). */
    public String origin() {
        return origin;
    }

    public Path file() {
        return file;
    }

    /** The settings a platform cannot work without (default: its base URL). */
    public List<String> required() {
        List<String> out = new ArrayList<>();
        JsonNode r = doc.path("requires");
        if (r.isMissingNode()) {
            out.add("baseUrl");
        } else {
            r.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    /** The required settings that are not set, with the variable that sets each ("baseUrl (ACME_BASE_URL)"). */
    public List<String> missing() {
        List<String> known = missing;
        if (known == null) {
            known = List.copyOf(findMissing());
            missing = known;
        }
        return known;
    }

    private List<String> findMissing() {
        List<String> out = new ArrayList<>();
        for (String name : required()) {
            JsonNode spec = switch (name) {
                case "baseUrl" -> doc.path("baseUrl");
                case "auth" -> authValueSpec();
                default -> doc.path("settings").path(name);
            };
            if (resolve(spec).isBlank()) {
                out.add(name + " (" + source(spec) + ")");
            }
        }
        return out;
    }

    public boolean enabled() {
        return missing().isEmpty();
    }

    public String baseUrl() {
        String url = resolve(doc.path("baseUrl"));
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A named entry of {@code settings:} (e.g. Shopify's apiVersion), resolved. */
    public String setting(String name) {
        return resolve(doc.path("settings").path(name));
    }

    public String authScheme() {
        JsonNode a = doc.path("auth");
        return a.isMissingNode() ? "none" : a.path("scheme").asText("header");
    }

    public String authHeader() {
        return switch (authScheme()) {
            case "basic", "bearer" -> doc.path("auth").path("header").asText("Authorization");
            case "header" -> doc.path("auth").path("header").asText("");
            default -> "";
        };
    }

    /** The value of the auth header; for {@code bearer} it is the platform's own token bean that answers. */
    public String authValue() {
        return switch (authScheme()) {
            case "header" -> resolve(authValueSpec());
            case "basic" -> {
                String pair = resolve(doc.path("auth").path("user")) + ":" + resolve(doc.path("auth").path("password"));
                yield "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
            }
            case "bearer" -> "Bearer " + resolve(authValueSpec());
            default -> "";
        };
    }

    private JsonNode authValueSpec() {
        JsonNode a = doc.path("auth");
        if (a.has("value")) {
            return a.path("value");
        }
        if (a.has("user")) {
            return a.path("user");
        }
        return a; // {header, env} shorthand of the admin and Ploomes files
    }

    public double requestsPerSecond() {
        String v = resolve(doc.path("requestsPerSecond"));
        return v.isBlank() ? 5 : Double.parseDouble(v);
    }

    /**
     * How fast a pull (reconciliation) may read from the platform: {@code pullRequestsPerSecond} when declared, else
     * {@link #requestsPerSecond()}. Separate so that a platform that limits reads differently from writes (or not
     * at all) can say so without unthrottling the pushes.
     */
    public double pullRequestsPerSecond() {
        String v = resolve(doc.path("pullRequestsPerSecond"));
        return v.isBlank() ? requestsPerSecond() : Double.parseDouble(v);
    }

    /** Whether the platform limits its reads on their own ({@code pullRequestsPerSecond} is set). */
    public boolean declaresPullRate() {
        return !resolve(doc.path("pullRequestsPerSecond")).isBlank();
    }

    /** Breaker setting {@code breaker.<name>}, or null to use the hub-wide synchub.outbox.circuit-breaker.* value. */
    public String breaker(String name) {
        String v = resolve(doc.path("breaker").path(name));
        return v.isBlank() ? null : v;
    }

    public boolean hasWebhooks() {
        return doc.has("webhook");
    }

    public String signatureScheme() {
        return doc.path("webhook").path("signature").asText(HMAC_SHA256_BASE64);
    }

    /** The header spellings carrying the signature (or the shared key), first one found wins. */
    public List<String> signatureHeaders() {
        return names(doc.path("webhook").has("signatureHeader") ? doc.path("webhook").path("signatureHeader")
                : doc.path("webhook").path("header"));
    }

    public List<String> accountHeaders() {
        return names(doc.path("webhook").path("accountHeader"));
    }

    public List<String> topicHeaders() {
        return names(doc.path("webhook").path("topicHeader"));
    }

    public List<String> eventIdHeaders() {
        return names(doc.path("webhook").path("eventIdHeader"));
    }

    /** Fields of which a webhook payload must carry at least one (422 otherwise); empty: no such check. */
    public List<String> requiredPayloadFields() {
        return names(doc.path("webhook").path("requireAnyOf"));
    }

    /** Lower-case prefixes of the headers kept with an inbox delivery (never a signature). */
    public List<String> keptHeaderPrefixes() {
        return names(doc.path("webhook").path("keepHeaders")).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    /** The environment variable of the webhook secret, for messages and the {@code _PREVIOUS} rotation secret. */
    public String webhookSecretVariable() {
        return source(secretSpec());
    }

    public String webhookSecret() {
        return resolve(secretSpec());
    }

    private JsonNode secretSpec() {
        JsonNode w = doc.path("webhook");
        return w.has("secret") ? w.path("secret") : w;
    }

    /** The account key of the default channel (Shopify shop domain, Woo source URL), blank = any account. */
    public String webhookAccount() {
        return resolve(doc.path("webhook").path("account"));
    }

    /** Topic → flow; a delivery goes to {@code direct:inbound-<id>-<flow>}. */
    public Map<String, String> topics() {
        return topics;
    }

    /**
     * The flows whose route also takes a run of deliveries at once ({@code direct:inbound-<id>-<flow>-run}, body an
     * {@code inbox.DeliveryRun}): the drain hands such a route every consecutive delivery of the flow in its batch.
     */
    public Set<String> runFlows() {
        return runFlows;
    }

    /** Whether the hub pushes to this platform through its outbox (a {@code push:} section): it gets a breaker. */
    public boolean pushes() {
        return doc.has("push");
    }

    /** Whether orders are sent to this platform to be shipped ({@code fulfilment.outbounds}, JTL-FFN). */
    public boolean shipsOrders() {
        return doc.path("fulfilment").path("outbounds").asBoolean(false);
    }

    /** Whether an order from this platform is told when it shipped ({@code fulfilment.reportsShipped}). */
    public boolean reportsShipped() {
        return doc.path("fulfilment").path("reportsShipped").asBoolean(false);
    }

    public boolean stockSeparate() {
        return "separate".equals(doc.path("push").path("stock").asText("with-product"));
    }

    /** Whether products reach this target only once linked to it (true for shops, false for a warehouse that creates them). */
    public boolean needsLink() {
        return doc.path("push").path("needsLink").asBoolean(true);
    }

    /** Whether {@code POST /api/v1/products} may name this platform as a channel to create the product on. */
    public boolean creates() {
        return doc.path("push").path("create").asBoolean(false);
    }

    /** The variable an operator sets to enable the platform (for messages). */
    public String enableHint() {
        List<String> m = missing();
        return m.isEmpty() ? "" : String.join(", ", m);
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(v -> out.add(v.asText()));
        } else if (n.isTextual()) {
            out.add(n.asText());
        }
        return out;
    }

    private String resolve(JsonNode spec) {
        if (spec == null || spec.isMissingNode() || spec.isNull()) {
            return "";
        }
        if (!spec.isObject()) {
            return spec.asText();
        }
        // keyed by the node itself: the declaration's tree is never changed after loading
        return resolved.computeIfAbsent(spec, this::resolveInEnvironment);
    }

    private String resolveInEnvironment(JsonNode spec) {
        String property = spec.path("property").asText(null);
        if (property != null) {
            String v = env.getProperty(property, "");
            if (!v.isBlank()) {
                return v.trim();
            }
        }
        String variable = spec.path("env").asText(null);
        if (variable != null) {
            String v = env.getProperty(variable, "");
            if (!v.isBlank()) {
                return v.trim();
            }
        }
        return spec.path("default").isMissingNode() ? "" : spec.path("default").asText();
    }

    private static String source(JsonNode spec) {
        if (spec != null && spec.isObject()) {
            if (spec.has("env")) {
                return spec.path("env").asText();
            }
            if (spec.has("property")) {
                return spec.path("property").asText();
            }
        }
        return "?";
    }
}
