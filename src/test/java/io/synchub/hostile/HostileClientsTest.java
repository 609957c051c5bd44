package io.synchub.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.support.HubTestSupport;
import io.synchub.webhook.HmacSignature;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.spi.RestRegistry;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The reproductions of a hostile client and a careless integrator, each a regression test (H2 and PostgreSQL). */
@DisableJmx(false)
@TestPropertySource(properties = {
        "synchub.operator.password=" + HostileClientsTest.OPERATOR_PASSWORD,
})
class HostileClientsTest extends HubTestSupport {

    static final String OPERATOR_PASSWORD = "operator-test-password";
    static final String METRICS_TOKEN = HubTestSupport.METRICS_TOKEN;
    private static final String EVIL_QUERY = "Set-Cookie=pwn%3D1&Refresh=0%3Burl%3Dhttps://evil.example"
            + "&Access-Control-Allow-Origin=https://evil.example&Content-Encoding=gzip&Location=https://evil.example"
            + "&Retry-After=999&X-Evil=1&Cache-Control=public";

    @Autowired
    CamelContext camel;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    // --- response headers are the response's own -------------------------------------------------------------

    @Test
    void noRouteEchoesRequestHeadersQueryParametersOrFormFields() throws Exception {
        List<String[]> endpoints = new ArrayList<>();
        for (Route route : camel.getRoutes()) {
            if (route.getEndpoint() instanceof PlatformHttpEndpoint endpoint) {
                endpoints.add(new String[]{endpoint.getPath(),
                        endpoint.getHttpMethodRestrict() == null ? "GET" : endpoint.getHttpMethodRestrict()});
            }
        }
        for (RestRegistry.RestService rest : camel.getRestRegistry().listAllRestServices()) {
            endpoints.add(new String[]{rest.getBasePath() + (rest.getUriTemplate() == null ? "" : rest.getUriTemplate()),
                    rest.getMethod().toUpperCase(Locale.ROOT)});
        }
        List<String> checked = new ArrayList<>();
        for (String[] endpoint : endpoints) {
            String path = endpoint[0].replaceAll("\\{[^}]+}", "1");
            String methods = endpoint[1];
            for (String method : methods.split(",")) {
                for (boolean form : new boolean[]{false, true}) {
                    String body = form ? EVIL_QUERY : "{}";
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path + "?" + EVIL_QUERY))
                            .timeout(Duration.ofSeconds(20))
                            .header("X-API-Key", API_KEY)
                            .header("X-Evil", "1")
                            .header("Cache-Control", "public")
                            .header("Accept-Encoding", "gzip")
                            .header("Content-Type", form ? "application/x-www-form-urlencoded" : "application/json")
                            .method(method, method.equals("GET") || method.equals("DELETE")
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
                    HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                    String what = method + " " + path + (form ? " (form)" : "") + " -> " + r.statusCode() + " " + r.headers().map();
                    assertNoEcho(r.headers(), what);
                    assertThat(r.body().length > 1 && r.body()[0] == (byte) 0x1f && r.body()[1] == (byte) 0x8b)
                            .as(what + ": gzip body").isFalse();
                    checked.add(method + " " + path);
                }
            }
        }
        assertThat(checked).as("every HTTP route was probed")
                .anyMatch(s -> s.startsWith("POST /webhooks/shopify"))
                .anyMatch(s -> s.startsWith("PATCH /api/v1/products/1"))
                .anyMatch(s -> s.startsWith("GET /api/v1/sync/status"))
                .anyMatch(s -> s.startsWith("POST /api/v1/orders"));
        assertThat(checked.size()).isGreaterThan(20);
    }

    private static void assertNoEcho(HttpHeaders headers, String what) {
        headers.map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            assertThat(lower).as(what).isNotIn("set-cookie", "refresh", "access-control-allow-origin", "content-encoding",
                    "x-evil", "x-api-key", "cache-control");
            for (String v : values) {
                assertThat(v).as(what + " " + name).doesNotContain("evil.example").doesNotContain(API_KEY).isNotEqualTo("999");
            }
        });
        assertThat(headers.firstValue("Content-Type").orElse("application/json")).as(what).startsWith("application/json");
    }

    // --- operator access --------------------------------------------------------------------------------------

    @Test
    void anApiKeyIsNeverAnOperatorPassword() throws Exception {
        assertThat(send("GET", "/actuator/hawtio/", operator(API_KEY), null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/actuator/jolokia/version", operator(API_KEY), null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> hawtio = send("GET", "/actuator/hawtio/", operator(OPERATOR_PASSWORD), null, null);
        assertThat(hawtio.statusCode()).isEqualTo(200);
        assertThat(hawtio.body()).contains("Hawtio");
    }

    @Test
    void jolokiaIsReadOnlyPlusCamelRouteOperationsAndNeverTheDiagnosticMBeans() throws Exception {
        String op = operator(OPERATOR_PASSWORD);
        HttpResponse<String> read = send("GET", "/actuator/jolokia/read/java.lang:type=Runtime/VmName", op, null, null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("\"status\":200");

        HttpResponse<String> search = send("POST", "/actuator/jolokia", op,
                "{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=routes,*\"}", null);
        List<String> found = new ArrayList<>();
        CanonicalJson.parse(search.body()).path("value").forEach(n -> {
            if (n.asText().contains("purge-order-events")) {
                found.add(n.asText());
            }
        });
        assertThat(found).as(search.body()).hasSize(1);
        String route = found.get(0).replace("\"", "\\\"");
        assertThat(send("GET", "/actuator/jolokia/exec/org.apache.camel:context=synchub,type=routes,name=%22purge-order-events%22/stop()",
                op, null, null).statusCode()).as("GET exec").isEqualTo(403);
        assertThat(send("GET", "/actuator/jolokia?p=/exec/java.lang:type=Memory/gc()", op, null, null).statusCode()).isEqualTo(403);
        for (String refused : new String[]{
                "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\",\"operation\":\"dumpHeap\",\"arguments\":[\"/tmp/x.hprof\",true]}",
                "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\",\"operation\":\"jvmtiAgentLoad\",\"arguments\":[\"x\"]}",
                "[{\"type\":\"version\"},{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}]",
                "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true}",
                "{\"type\":\"read\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\"}",
                "{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=synchub,type=context,name=\\\"synchub\\\"\",\"operation\":\"sendBody(java.lang.String,java.lang.Object)\",\"arguments\":[\"direct:x\",\"y\"]}"}) {
            HttpResponse<String> r = send("POST", "/actuator/jolokia", op, refused, null);
            assertThat(r.statusCode()).as(refused).isEqualTo(403);
        }
        HttpResponse<String> stop = send("POST", "/actuator/jolokia", op,
                "{\"type\":\"exec\",\"mbean\":\"" + route + "\",\"operation\":\"stop()\"}", null);
        assertThat(stop.statusCode()).isEqualTo(200);
        assertThat(stop.body()).contains("\"status\":200");
        assertThat(camel.getRouteController().getRouteStatus("purge-order-events").isStopped()).isTrue();
        HttpResponse<String> start = send("POST", "/actuator/jolokia", op,
                "{\"type\":\"exec\",\"mbean\":\"" + route + "\",\"operation\":\"start()\"}", null);
        assertThat(start.body()).contains("\"status\":200");
        assertThat(camel.getRouteController().getRouteStatus("purge-order-events").isStarted()).isTrue();

        HttpResponse<String> crossOrigin = send("GET", "/actuator/jolokia/read/java.lang:type=Memory", op, null,
                "http://evil.example");
        assertThat(crossOrigin.statusCode()).isEqualTo(403);
        assertThat(crossOrigin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(crossOrigin.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    }

    // --- least exposure ---------------------------------------------------------------------------------------

    @Test
    void healthDetailsMetricsAndInfoNeedTheOperatorOrTheScrapeToken() throws Exception {
        io.synchub.support.AnonymousHealth.assertStatusOnly(send("GET", "/actuator/health", null, null, null).body(), "UP");
        JsonNode detailed = CanonicalJson.parse(send("GET", "/actuator/health", operator(OPERATOR_PASSWORD), null, null).body());
        assertThat(detailed.path("components").has("db")).isTrue();
        assertThat(detailed.path("components").path("webhookIntake").path("status").asText()).isEqualTo("UP");
        for (String path : new String[]{"/actuator/prometheus", "/actuator/metrics", "/actuator/info"}) {
            assertThat(send("GET", path, null, null, null).statusCode()).as(path).isEqualTo(401);
            assertThat(send("GET", path, "Bearer wrong", null, null).statusCode()).as(path).isEqualTo(401);
            assertThat(send("GET", path, "Bearer " + METRICS_TOKEN, null, null).statusCode()).as(path).isEqualTo(200);
            assertThat(send("GET", path, operator(OPERATOR_PASSWORD), null, null).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(send("GET", "/actuator/hawtio/", "Bearer " + METRICS_TOKEN, null, null).statusCode()).isEqualTo(401);
    }

    // --- credentials only from headers ------------------------------------------------------------------------

    @Test
    void apiKeysAndSignaturesComeFromHeadersOnly() throws Exception {
        HttpResponse<String> queryToken = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/products/1?token=" + API_KEY))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(queryToken.statusCode()).isEqualTo(401);
        HttpResponse<String> formToken = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/products"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + API_KEY)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(formToken.statusCode()).isEqualTo(401);
        try (RawHttp sse = new RawHttp(port)) {
            sse.send("GET /api/v1/sync/events?token=" + API_KEY + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n");
            assertThat(sse.status()).as("the event stream still takes ?token=").isEqualTo(200);
        }

        byte[] sample = io.synchub.support.HubClient.fixture("shopify/products_update.json");
        String signature = java.net.URLEncoder.encode(HmacSignature.sign(SECRET, sample), StandardCharsets.UTF_8);
        HttpResponse<String> querySigned = http.send(HttpRequest.newBuilder(URI.create(base() + "/webhooks/shopify?X-Shopify-Hmac-Sha256="
                        + signature + "&X-Shopify-Topic=products/update&X-Shopify-Event-Id=q1"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(sample)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(querySigned.statusCode()).isEqualTo(401);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox", Integer.class)).isZero();
    }

    // --- transport hygiene ------------------------------------------------------------------------------------

    @Test
    void compressedOrInvalidUtf8BodiesAreClientErrorsNotFailures() throws Exception {
        byte[] sample = io.synchub.support.HubClient.fixture("shopify/products_update.json");
        HttpResponse<String> gzip = http.send(HttpRequest.newBuilder(URI.create(base() + "/webhooks/shopify"))
                .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .header("X-Shopify-Topic", "products/update")
                .POST(HttpRequest.BodyPublishers.ofByteArray(sample)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(gzip.statusCode()).isEqualTo(415);
        assertThat(gzip.body()).contains("unsupported_media_type");

        byte[] invalid = "{\"id\":1,\"title\":\"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create(base() + "/webhooks/shopify"))
                .header("Content-Type", "application/json").header("X-Shopify-Topic", "products/update")
                .POST(HttpRequest.BodyPublishers.ofByteArray(invalid)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(401);
        HttpResponse<String> signed = http.send(HttpRequest.newBuilder(URI.create(base() + "/webhooks/shopify"))
                .header("Content-Type", "application/json").header("X-Shopify-Topic", "products/update")
                .header("X-Shopify-Event-Id", "bad-utf8").header("X-Shopify-Hmac-Sha256", HmacSignature.sign(SECRET, invalid))
                .POST(HttpRequest.BodyPublishers.ofByteArray(invalid)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signed.statusCode()).isEqualTo(400);
        assertThat(signed.body()).contains("UTF-8");
        HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/products/1"))
                .header("X-API-Key", API_KEY).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(invalid)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox", Integer.class)).isZero();
    }

    @Test
    void tomcatsOwnErrorsAreJsonToo() throws Exception {
        try (RawHttp c = new RawHttp(port)) {
            c.send("GET /api/v1/products/a%2Fb HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + API_KEY + "\r\n\r\n");
            String answer = c.answer();
            assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("content-type: application/json")
                    .doesNotContain("<html").doesNotContain("Tomcat");
        }
        try (RawHttp c = new RawHttp(port)) {
            c.send("GET /api/v1/sync/status HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(60 * 1024) + "\r\n\r\n");
            String answer = c.answer();
            assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("content-type: application/json")
                    .doesNotContain("<html").doesNotContain("Tomcat");
        }
    }

    // --- typed input ------------------------------------------------------------------------------------------

    @Test
    void hugeExponentsAreRefusedNamingTheFieldWithoutBeingExpanded() {
        long id = createProduct();
        for (String exponent : new String[]{"1e100000", "1e30000000", "-1e100000", "1e-100000"}) {
            long t0 = System.nanoTime();
            var r = hub.patch("/api/v1/products/" + id, "{\"weightInKg\":" + exponent + "}");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.status()).as(exponent).isEqualTo(422);
            assertThat(r.body()).contains("weightInKg");
            assertThat(ms).as(exponent + " answered in ms").isLessThan(2000);
        }
        var order = hub.post("/api/v1/orders", "{\"totals\":{\"total\":1e10000000}}");
        assertThat(order.status()).isEqualTo(422);
        assertThat(order.body()).contains("totals.total");
        var list = hub.get("/api/v1/products");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("\"weightInKg\":null").hasSizeLessThan(10_000);
    }

    @Test
    void valuesOfTheWrongTypeAreRefusedNamingTheField() {
        long id = createProduct();
        String[][] cases = {
                {"{\"name\":123}", "name"},
                {"{\"isActive\":\"yes\"}", "isActive"},
                {"{\"netSalesPrice\":\"abc\"}", "netSalesPrice"},
                {"{\"tags\":\"a,b\"}", "tags"},
                {"{\"name\":\"nul\\u0000byte\"}", "name"},
                {"{\"netSalesPrice\":12.1234567}", "netSalesPrice"},
                {"{\"available\":1234567890123456789}", "available"},
        };
        for (String[] c : cases) {
            var r = hub.patch("/api/v1/products/" + id, c[0]);
            assertThat(r.status()).as(c[0]).isEqualTo(422);
            assertThat(r.body()).as(c[0]).contains(c[1]);
        }
        var create = hub.post("/api/v1/products", "{\"name\":\"Cap\",\"netSalesPrice\":\"abc\"}");
        assertThat(create.status()).isEqualTo(422);
        assertThat(create.body()).contains("netSalesPrice");
        assertThat(hub.patch("/api/v1/products/" + id, "{\"name\":\"Fine\",\"netSalesPrice\":19.90,\"isActive\":true}").status())
                .isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM products", Integer.class)).isEqualTo(1);
    }

    @Test
    void apiBodiesAreLimited() {
        long id = createProduct();
        String big = "{\"description\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}";
        var r = hub.patch("/api/v1/products/" + id, big);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.body()).contains("payload_too_large");
    }

    @Test
    void aDeliveryWithNulOrAnOutOfRangeValueFailsOnceAndIsNeverRetried() {
        String sample = new String(io.synchub.support.HubClient.fixture("shopify/products_update.json"), StandardCharsets.UTF_8);
        byte[] nul = sample.replace("\"Example T-Shirt\"", "\"Example\\u0000T-Shirt\"").getBytes(StandardCharsets.UTF_8);
        byte[] huge = sample.replace("\"19.99\"", "\"1e400\"").getBytes(StandardCharsets.UTF_8);
        assertThat(hub.shopifyWebhook("products/update", "nul-1", nul, SECRET).status()).isEqualTo(200);
        assertThat(hub.shopifyWebhook("products/update", "huge-1", huge, SECRET).status()).isEqualTo(200);
        io.synchub.support.HubClient.await(Duration.ofSeconds(20), "both deliveries failed", () ->
                jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE status = 'FAILED'", Integer.class) == 2);
        assertThat(jdbc.queryForList("SELECT attempts FROM inbox", Integer.class)).containsOnly(1);
        assertThat(jdbc.queryForList("SELECT last_error FROM inbox", String.class))
                .anyMatch(e -> e.contains("name")).anyMatch(e -> e.contains("out of range"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM products", Integer.class)).isZero();
    }

    // --- dedupe -----------------------------------------------------------------------------------------------

    @Test
    void anotherSpellingOfTheShopOrSourceIsStillADuplicate() throws Exception {
        byte[] sample = io.synchub.support.HubClient.fixture("shopify/products_update.json");
        assertThat(hub.shopifyWebhook("products/update", "dup-1", sample, SECRET).json().get("status").asText()).isEqualTo("accepted");
        HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(base() + "/webhooks/shopify"))
                .header("Content-Type", "application/json").header("X-Shopify-Topic", "products/update")
                .header("X-Shopify-Shop-Domain", "SOMETHING-ELSE.myshopify.com").header("X-Shopify-Event-Id", "dup-1")
                .header("X-Shopify-Hmac-Sha256", HmacSignature.sign(SECRET, sample))
                .POST(HttpRequest.BodyPublishers.ofByteArray(sample)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(other.body()).contains("duplicate");

        byte[] woo = io.synchub.support.HubClient.fixture("woocommerce/product.updated.json");
        assertThat(hub.wooWebhook("product.updated", "d-1", woo, SECRET).json().get("status").asText()).isEqualTo("accepted");
        HttpResponse<String> noSlash = http.send(HttpRequest.newBuilder(URI.create(base() + "/webhooks/woocommerce"))
                .header("Content-Type", "application/json").header("X-WC-Webhook-Topic", "product.updated")
                .header("X-WC-Webhook-Source", "https://SHOP.example.com").header("X-WC-Webhook-Delivery-ID", "d-2")
                .header("X-WC-Webhook-Signature", HmacSignature.sign(SECRET, woo))
                .POST(HttpRequest.BodyPublishers.ofByteArray(woo)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noSlash.body()).contains("duplicate");
    }

    private long createProduct() {
        var r = hub.post("/api/v1/products", "{\"name\":\"Hostile Cap\",\"sku\":\"HC-1\"}");
        assertThat(r.status()).as(r.body()).isIn(200, 201);
        return jdbc.queryForObject("SELECT MAX(id) FROM products", Long.class);
    }

    private HttpResponse<String> send(String method, String path, String authorization, String body, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String operator(String password) {
        return "Basic " + Base64.getEncoder().encodeToString(("operator:" + password).getBytes(StandardCharsets.UTF_8));
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
