package io.synchub.orders;

import io.synchub.canonical.CanonicalJson;
import io.synchub.orders.events.OrderEventBroadcaster;
import io.synchub.orders.events.OrderEventLog;
import io.synchub.orders.events.OrderEventType;
import io.synchub.support.HubClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A dashboard that stops reading (a frozen tab) is dropped and does not hold up the ones that read. */
class OrderSlowClientTest extends OrderTestSupport {

    private static final long ORDER = 4242;
    private static final int EVENTS = 150;

    @Autowired
    OrderEventLog log;
    @Autowired
    OrderEventBroadcaster broadcaster;
    @Autowired
    PlatformTransactionManager txManager;

    @Test
    void aClientThatStopsReadingIsDroppedAndTheOthersGetEveryEventPromptly() {
        try (SseTestClient frozen = sse("?orderID=" + ORDER); SseTestClient reader = sse("?orderID=" + ORDER)) {
            assertThat(frozen.next(Duration.ofSeconds(10)).name()).isEqualTo("connected");
            assertThat(reader.next(Duration.ofSeconds(10)).name()).isEqualTo("connected");
            frozen.stopReading();
            int before = broadcaster.clients();

            // 150 events of ~64 KB each: ~10 MB, far more than the frozen client's socket buffers hold
            String padding = "x".repeat(64 * 1024);
            TransactionTemplate tx = new TransactionTemplate(txManager);
            long started = System.nanoTime();
            for (int i = 0; i < EVENTS; i++) {
                int n = i;
                tx.executeWithoutResult(s -> log.append(ORDER, "default", List.of(new OrderEventLog.Pending(OrderEventType.STATUS_UPDATE,
                        CanonicalJson.object().put("n", n).put("padding", padding)))));
            }
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                SseTestClient.Event e = reader.next(Duration.ofSeconds(10));
                assertThat(OrderEventStreamTest.json(e).get("data").get("n").asInt()).isEqualTo(i);
                ids.add(Long.parseLong(e.id()));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(ids).isSorted().doesNotHaveDuplicates();
            assertThat(seconds).as("the reading client is not held up by the frozen one").isLessThan(10);

            assertThat(broadcaster.queuedEvents()).as("memory held for the clients stays bounded by the per-client queue")
                    .isLessThanOrEqualTo(2 * 64);
            HubClient.await(Duration.ofSeconds(15), "the frozen client dropped", () -> broadcaster.clients() == before - 1);
            // and the reader keeps its heartbeats
            assertThat(reader.next(Duration.ofSeconds(5), e -> e.name().equals("heartbeat")).id()).isEqualTo(Long.toString(ids.get(EVENTS - 1)));
        }
    }
}
