package io.synchub.ploomes;

import com.fasterxml.jackson.databind.JsonNode;
import io.platformsim.core.RecordedRequest;
import io.platformsim.ploomes.PloomesConfig;
import io.platformsim.ploomes.PloomesSimulator;
import io.synchub.canonical.CanonicalJson;
import io.synchub.platform.ploomes.PloomesPull;
import io.synchub.runs.SyncRunner;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paging: a Ploomes that sends no {@code @odata.nextLink} is read by {@code $skip} until a short page (every product,
 * no page twice); where it sends next links, a {@code $skip} link is read concurrently by {@code $skip} (the same
 * requests) and any other link (a server token) is followed one after the other.
 */
class PloomesPagingTest extends HubTestSupport {

    /** 250 products, pages of 100, no next links: pages 0, 100, 200 (50 products, short: the end). */
    static final PloomesSimulator NO_LINKS = new PloomesSimulator(PloomesConfig.defaults().withRequestsPerMinute(0, 0)
            .withNextLinks(false), 250, 7).start();

    @Autowired
    SyncRunner runner;

    @DynamicPropertySource
    static void ploomes(DynamicPropertyRegistry r) {
        r.add("PLOOMES_BASE_URL", NO_LINKS::baseUrl);
        r.add("PLOOMES_USER_KEY", () -> NO_LINKS.config().userKey());
        r.add("PLOOMES_REQUESTS_PER_SECOND", () -> "0");
        r.add("PLOOMES_PAGE_SIZE", () -> "100");
        r.add("PLOOMES_SYNC_INITIAL_DELAY", () -> "1h");
        r.add("PLOOMES_INCREMENTAL_INTERVAL", () -> "1h");
    }

    @AfterAll
    static void stop() {
        NO_LINKS.close();
    }

    @Test
    void withoutNextLinksEveryPageIsReadBySkipUntilAShortPage() throws Exception {
        HubClient.Response started = hub.post("/api/v1/sync/ploomes", "{\"strategy\":\"full\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        long id = started.json().get("id").asLong();
        assertThat(runner.await(id, 120_000)).isTrue();
        JsonNode run = hub.get("/api/v1/sync/runs/" + id).json();
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.get("fetched").asInt()).isEqualTo(250);
        assertThat(run.get("created").asInt()).isEqualTo(250);
        assertThat(run.get("pages").asInt()).isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM products", Integer.class)).isEqualTo(250);
        List<RecordedRequest> gets = NO_LINKS.requests().matching(r -> r.method().equals("GET") && r.status() == 200);
        List<String> skips = gets.stream().map(r -> r.rawQuery().replaceAll(".*\\$skip=([0-9]+).*", "$1"))
                .sorted(java.util.Comparator.comparingInt(Integer::parseInt)).toList();
        assertThat(skips).as("each page once, by $skip").doesNotHaveDuplicates().startsWith("0", "100", "200");
        // pages in flight may ask past the end before the short page is seen: at most PLOOMES_CONCURRENCY - 1 (3 - 1)
        // such requests, each answered with no product
        assertThat(skips.size() - 3).isBetween(0, 2);
    }

    @Test
    void theFirstAnswerDecidesHowTheOtherPagesAreFound() {
        String base = "http://ploomes.test/Products?$top=100&$orderby=Id";
        assertThat(PloomesPull.pagingAfterFirst(page(100, base + "&$skip=100"), 100)).isEqualTo(PloomesPull.Paging.SKIP);
        assertThat(PloomesPull.pagingAfterFirst(page(100, "http://ploomes.test/Products?%24top=100&%24skip=100"), 100))
                .isEqualTo(PloomesPull.Paging.SKIP);
        assertThat(PloomesPull.pagingAfterFirst(page(100, base + "&$skiptoken=abc"), 100)).isEqualTo(PloomesPull.Paging.LINKS);
        assertThat(PloomesPull.pagingAfterFirst(page(100, base + "&$skip=50"), 100)).isEqualTo(PloomesPull.Paging.LINKS);
        assertThat(PloomesPull.pagingAfterFirst(page(100, null), 100)).isEqualTo(PloomesPull.Paging.SKIP);
        assertThat(PloomesPull.pagingAfterFirst(page(40, null), 100)).isEqualTo(PloomesPull.Paging.DONE);
        assertThat(PloomesPull.skipOf("http://x/Products?$top=10")).isEqualTo(-1);
    }

    private static JsonNode page(int items, String nextLink) {
        var p = CanonicalJson.object();
        var v = p.putArray("value");
        for (int i = 0; i < items; i++) {
            v.addObject().put("Id", i + 1);
        }
        if (nextLink != null) {
            p.put("@odata.nextLink", nextLink);
        }
        return p;
    }
}
