package io.synchub.inbound;

import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Health and metrics are open for probes; Hawtio and Jolokia need operator credentials. */
class OperationsEndpointsTest extends HubTestSupport {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void healthAndPrometheusAnswer() throws Exception {
        HttpResponse<String> health = get("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("camelHealth").contains("\"db\"");
        HttpResponse<String> metrics = get("/actuator/prometheus", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("camel_exchanges");
    }

    @Test
    void hawtioAndJolokiaRequireOperatorCredentials() throws Exception {
        assertThat(get("/actuator/hawtio/", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/jolokia/read/java.lang:type=Memory", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/hawtio/", basic("operator", "wrong")).statusCode()).isEqualTo(401);
        HttpResponse<String> hawtio = get("/actuator/hawtio/", basic("operator", API_KEY));
        assertThat(hawtio.statusCode()).isEqualTo(200);
        assertThat(hawtio.body()).contains("Hawtio");
        HttpResponse<String> jolokia = get("/actuator/jolokia/read/java.lang:type=Runtime/VmName", basic("operator", API_KEY));
        assertThat(jolokia.statusCode()).isEqualTo(200);
        assertThat(jolokia.body()).contains("\"status\":200");
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
