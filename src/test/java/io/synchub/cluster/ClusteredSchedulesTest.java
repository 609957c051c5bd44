package io.synchub.cluster;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.synchub.support.HubClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two hub instances on one database run each schedule once per interval cluster-wide (Quartz JDBC job store,
 * clustered), counted by the platform's request journal: the Shopify reconciliation every 2 s asks WireMock for
 * {@code products.json} about once per 2 s, not twice. When one instance stops, the other keeps the schedule.
 */
class ClusteredSchedulesTest {

    private static final String PRODUCTS = "/admin/api/2026-01/products.json";

    // a root of its own: the default (src/test/resources) holds mappings/ of the hub's mapping cases, not WireMock stubs
    private final WireMockServer shopify = new WireMockServer(WireMockConfiguration.options().dynamicPort()
            .usingFilesUnderDirectory("target/wiremock-cluster"));
    private TwoHubs hubs;

    @AfterEach
    void stop() {
        if (hubs != null) {
            hubs.close();
        }
        shopify.stop();
    }

    @Test
    void aScheduleFiresOncePerIntervalAcrossTwoInstancesAndSurvivesOneStopping() {
        shopify.start();
        shopify.stubFor(get(urlPathEqualTo(PRODUCTS)).willReturn(okJson("{\"products\":[]}")));
        hubs = new TwoHubs(Map.of(
                "synchub.channels.shopify.base-url", "http://localhost:" + shopify.port(),
                "synchub.channels.shopify.access-token", "shpat-cluster",
                "synchub.shopify.requests-per-second", "50",
                "synchub.reconcile.interval", "2s",
                "synchub.reconcile.initial-delay", "0"));
        ConfigurableApplicationContext a = hubs.start();
        ConfigurableApplicationContext b = hubs.start();
        JdbcTemplate db = a.getBean(JdbcTemplate.class);
        HubClient.await(Duration.ofSeconds(30), "both instances checked in to the cluster",
                () -> db.queryForObject("SELECT COUNT(*) FROM qrtz_scheduler_state", Long.class) == 2);

        int before = pulls();
        long start = System.nanoTime();
        sleep(Duration.ofSeconds(16));
        int during = pulls() - before;
        double seconds = (System.nanoTime() - start) / 1e9;
        // once per 2 s cluster-wide: 8 in 16 s (one more or less at the edges); two unclustered timers would make 16
        assertThat(during).as("reconciliation pulls by two instances in %.1f s", seconds).isBetween(7, 9);

        // the schedule is the cluster's, not an instance's: with A gone, B keeps pulling every 2 s
        a.close();
        int afterStop = pulls();
        sleep(Duration.ofSeconds(8));
        assertThat(pulls() - afterStop).as("pulls by the remaining instance in 8 s").isBetween(3, 5);
        assertThat(b.isActive()).isTrue();
    }

    @Test
    void aScheduleMissedWhileEveryInstanceWasDownRunsOnceWhenOneStartsNotOncePerMissedInterval() {
        shopify.start();
        shopify.stubFor(get(urlPathEqualTo(PRODUCTS)).willReturn(okJson("{\"products\":[]}")));
        hubs = new TwoHubs(Map.of(
                "synchub.channels.shopify.base-url", "http://localhost:" + shopify.port(),
                "synchub.channels.shopify.access-token", "shpat-cluster",
                "synchub.shopify.requests-per-second", "50",
                "synchub.reconcile.interval", "2s",
                "synchub.reconcile.initial-delay", "0",
                "synchub.scheduler.misfire-threshold", "1s"));
        ConfigurableApplicationContext a = hubs.start();
        HubClient.await(Duration.ofSeconds(20), "the first pull", () -> pulls() >= 1);
        a.close();
        // the whole cluster is down for five intervals
        sleep(Duration.ofSeconds(10));
        int before = pulls();
        hubs.start();
        sleep(Duration.ofMillis(1500));
        // the missed runs are not made up one by one: one run now, then the interval resumes
        assertThat(pulls() - before).as("pulls in the first 1.5 s after the restart").isBetween(1, 2);
        int afterCatchUp = pulls();
        sleep(Duration.ofSeconds(6));
        assertThat(pulls() - afterCatchUp).as("pulls in the next 6 s").isBetween(2, 4);
    }

    private int pulls() {
        return shopify.countRequestsMatching(getRequestedFor(urlPathEqualTo(PRODUCTS)).build()).getCount();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
