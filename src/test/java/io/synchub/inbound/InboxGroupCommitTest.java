package io.synchub.inbound;

import io.synchub.inbox.Inbox;
import io.synchub.support.HubTestSupport;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Concurrent {@link Inbox#accept} calls share commits: every call that returned true has its row committed (read back
 * by another connection), a delivery key sent by several callers at once is stored once and reported fresh to exactly
 * one of them, a row the database refuses fails alone while the rows committed with it are stored, and a call inside
 * a transaction writes in that transaction (rolled back with it).
 */
class InboxGroupCommitTest extends HubTestSupport {

    @Autowired
    Inbox inbox;
    @Autowired
    CamelContext camel;
    @Autowired
    TransactionTemplate tx;

    @BeforeEach
    void holdDrain() throws Exception {
        camel.getRouteController().stopRoute("drain-inbox");
    }

    @AfterEach
    void resumeDrain() throws Exception {
        camel.getRouteController().startRoute("drain-inbox");
    }

    @Test
    void concurrentAcceptsAreDurableAndDeduplicated() throws Exception {
        int callers = 32;
        int perCaller = 20;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> fresh = new ArrayList<>();
        try {
            for (int c = 0; c < callers; c++) {
                int caller = c;
                fresh.add(pool.submit(call(start, () -> {
                    int n = 0;
                    for (int i = 0; i < perCaller; i++) {
                        // own keys, plus one key every caller sends at the same time
                        if (inbox.accept("SHOPIFY", "default", "products/update", "gc:" + caller + ":" + i, null, Map.of("x-shopify-topic", "products/update"), "{\"id\":" + i + "}")) {
                            n++;
                        }
                        assertThat(count("gc:" + caller + ":" + i)).as("committed before accept returned").isEqualTo(1);
                    }
                    if (inbox.accept("SHOPIFY", "default", "products/update", "gc:shared", null, Map.of(), "{\"id\":0}")) {
                        n += 1000;
                    }
                    return n;
                })));
            }
            start.countDown();
            int own = 0;
            int shared = 0;
            for (Future<Integer> f : fresh) {
                int n = f.get();
                own += n % 1000;
                shared += n / 1000;
            }
            assertThat(own).isEqualTo(callers * perCaller);
            assertThat(shared).as("the shared key is fresh for exactly one caller").isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE delivery_key LIKE 'gc:%'", Long.class))
                    .isEqualTo(callers * perCaller + 1L);
            assertThat(inbox.accept("SHOPIFY", "default", "products/update", "gc:0:0", null, Map.of(), "{}"))
                    .as("a redelivery is a duplicate").isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRefusedRowFailsAloneAndTheOthersAreStored() throws Exception {
        int callers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int c = 0; c < callers; c++) {
                // delivery_key is VARCHAR(512): caller 0's key is refused by the database
                String key = c == 0 ? "gc:bad:" + "x".repeat(600) : "gc:good:" + c;
                results.add(pool.submit(call(start, () -> inbox.accept("SHOPIFY", "default", "products/update", key, null, Map.of(), "{}"))));
            }
            start.countDown();
            assertThatThrownBy(() -> results.get(0).get()).hasRootCauseInstanceOf(java.sql.SQLException.class);
            for (int c = 1; c < callers; c++) {
                assertThat(results.get(c).get()).isTrue();
                assertThat(count("gc:good:" + c)).isEqualTo(1);
            }
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE delivery_key LIKE 'gc:bad:%'", Long.class)).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void insideATransactionTheRowIsPartOfIt() {
        tx.executeWithoutResult(s -> {
            assertThat(inbox.accept("SHOPIFY", "default", "products/update", "gc:tx", null, Map.of(), "{}")).isTrue();
            s.setRollbackOnly();
        });
        assertThat(count("gc:tx")).as("rolled back with the caller's transaction").isZero();
    }

    private long count(String key) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE delivery_key = ?", Long.class, key);
    }

    private static <T> Callable<T> call(CountDownLatch start, Callable<T> body) {
        return () -> {
            start.await();
            return body.call();
        };
    }
}
