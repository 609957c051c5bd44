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

/** Health status is open for probes; everything else under /actuator needs the operator (or a scrape token). */
class OperationsEndpointsTest extends HubTestSupport {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anonymousHealthIsTheStatusOnlyAndMetricsNeedCredentials() throws Exception {
        HttpResponse<String> health = get("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        io.synchub.support.AnonymousHealth.assertStatusOnly(health.body(), "UP");
        for (String path : new String[]{"/actuator/prometheus", "/actuator/metrics", "/actuator/info", "/actuator"}) {
            assertThat(get(path, null).statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, basic("operator", API_KEY)).statusCode()).as(path + " with an API key").isEqualTo(401);
        }
    }

    @Test
    void withoutAnOperatorPasswordHawtioAndJolokiaAreOffEvenForApiKeys() throws Exception {
        for (String path : new String[]{"/actuator/hawtio/", "/actuator/jolokia/read/java.lang:type=Memory"}) {
            HttpResponse<String> r = get(path, basic("operator", API_KEY));
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).contains("operator_access_disabled").contains("SYNCHUB_OPERATOR_PASSWORD");
        }
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
