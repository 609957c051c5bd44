package io.platformsim.ploomes;

import com.fasterxml.jackson.databind.JsonNode;
import io.platformsim.core.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The Ploomes simulator over real HTTP on loopback. */
class PloomesSimulatorTest {

    private PloomesSimulator ploomes;

    @AfterEach
    void stop() {
        if (ploomes != null) {
            ploomes.close();
        }
    }

    private Http.Reply get(String query) {
        return Http.send("GET", ploomes.baseUrl() + "/Products?" + query, null, "User-Key", ploomes.config().userKey());
    }

    private static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void theSeedCatalogueHasItsOverlappingGroupsAndPagesByNextLink() {
        ploomes = new PloomesSimulator(PloomesConfig.defaults().withRequestsPerMinute(0, 0)).start();
        assertThat(ploomes.productCount()).isEqualTo(11_793);
        assertThat(ploomes.categoryCounts()).isEqualTo(Map.of("services", 127, "rentals", 95, "atlas", 1_307,
                "ingersoll", 1_952, "omie", 10_982));

        Set<Long> ids = new HashSet<>();
        String url = ploomes.baseUrl() + "/Products?$top=300&$orderby=Id&$expand=" + enc("Group,Family,OtherProperties");
        int pages = 0;
        while (url != null) {
            Http.Reply r = Http.send("GET", url, null, "User-Key", ploomes.config().userKey());
            assertThat(r.status()).isEqualTo(200);
            r.json().get("value").forEach(p -> {
                assertThat(p.get("LastUpdateDate").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
                assertThat(p.path("Group").path("Name").asText()).isNotEmpty();
                ids.add(p.get("Id").asLong());
            });
            url = r.json().path("@odata.nextLink").isTextual() ? r.json().get("@odata.nextLink").asText() : null;
            pages++;
        }
        assertThat(ids).hasSize(11_793);
        assertThat(pages).isEqualTo(40);
    }

    @Test
    void filtersByPrefixIdsAndLastUpdateDateInTheAccountsZone() {
        ploomes = new PloomesSimulator(PloomesConfig.defaults().withRequestsPerMinute(0, 0), 1_000, 3).start();
        Http.Reply services = get("$top=300&$filter=" + enc("startswith(Code,'CIA_') and not startswith(Code,'CIA_LOC_')"));
        assertThat(services.json().get("value")).hasSize(ploomes.categoryCounts().get("services"));

        List<Long> some = ploomes.ids().subList(10, 20);
        Http.Reply byIds = get("$filter=" + enc("Id in (" + String.join(",", some.stream().map(String::valueOf).toList()) + ")"));
        assertThat(byIds.json().get("value")).hasSize(10);

        // the newest LastUpdateDate as rendered (no offset): after 5 edits, "gt" it finds exactly those 5
        JsonNode newest = get("$top=1&$orderby=" + enc("LastUpdateDate desc")).json().get("value").get(0);
        List<Long> changed = ploomes.changeProducts(5);
        Http.Reply after = get("$filter=" + enc("LastUpdateDate gt " + newest.get("LastUpdateDate").asText()) + "&$orderby=LastUpdateDate");
        List<Long> seen = new ArrayList<>();
        after.json().get("value").forEach(p -> seen.add(p.get("Id").asLong()));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(changed);

        assertThat(get("$filter=" + enc("Name eq 'x'")).status()).isEqualTo(400);
        assertThat(get("$top=301").status()).isEqualTo(400);
        assertThat(Http.send("GET", ploomes.baseUrl() + "/Products", null, "User-Key", "wrong").status()).isEqualTo(401);
    }

    @Test
    void moreThan120RequestsAMinuteAreRefusedWithRetryAfter() {
        ploomes = new PloomesSimulator(PloomesConfig.defaults().withRequestsPerMinute(120, 5), 50, 3).start();
        int ok = 0;
        Http.Reply refused = null;
        for (int i = 0; i < 8; i++) {
            Http.Reply r = get("$top=1");
            if (r.status() == 200) {
                ok++;
            } else {
                refused = r;
            }
        }
        assertThat(ok).isBetween(5, 6);
        assertThat(refused).isNotNull();
        assertThat(refused.status()).isEqualTo(429);
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
        assertThat(ploomes.rateLimitedCount()).isGreaterThanOrEqualTo(2);
        assertThat(ploomes.requests().all().get(0).headers().get("user-key")).isEqualTo("[redacted]");
    }
}
