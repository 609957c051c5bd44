package io.synchub.product;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.inbox.DeliveryRun;
import io.synchub.inbox.Inbox;
import io.synchub.metrics.EchoSkips;
import io.synchub.synclog.SyncLog;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/** Reads what a JSONata {@code -in} mapping produced (one item or an array) into canonical writes. */
@Component("mappedItems")
public class MappedItems {

    private final SyncLog syncLog;
    private final ProductStore products;
    private EchoSkips echoSkips;

    public MappedItems(SyncLog syncLog, ProductStore products) {
        this.syncLog = syncLog;
        this.products = products;
    }

    @org.springframework.beans.factory.annotation.Autowired
    void countEchoesIn(EchoSkips echoSkips) {
        this.echoSkips = echoSkips;
    }

    public List<ProductWrite> toWrites(String mappedJson, @Header(Inbox.HEADER_CLIENT) String clientId,
                                       @Header(Inbox.HEADER_PLATFORM) String origin, @Header(Inbox.HEADER_ID) Long inboxId) {
        List<ProductWrite> writes = new ArrayList<>();
        addWrites(writes, mappedJson, clientId, origin, inboxId);
        return writes;
    }

    /**
     * The writes of a run of deliveries: {@code mapped} holds each delivery's mapping result in the run's order; the
     * writes keep that order (a delivery's items after the previous delivery's).
     */
    public List<ProductWrite> toRunWrites(List<String> mapped, DeliveryRun run) {
        if (mapped.size() != run.size()) {
            throw new IllegalArgumentException(mapped.size() + " mapping results for a run of " + run.size() + " deliveries");
        }
        List<ProductWrite> writes = new ArrayList<>(mapped.size());
        for (int i = 0; i < mapped.size(); i++) {
            Inbox.ClaimedDelivery d = run.deliveries().get(i);
            addWrites(writes, mapped.get(i), d.clientId(), d.platform(), d.id());
        }
        return writes;
    }

    private static void addWrites(List<ProductWrite> writes, String mappedJson, String clientId, String origin, Long inboxId) {
        JsonNode mapped = mappedJson == null || mappedJson.isBlank() ? null : CanonicalJson.parse(mappedJson);
        if (mapped == null || mapped.isNull()) {
            return;
        }
        if (mapped.isArray()) {
            mapped.forEach(item -> writes.add(ProductWrite.fromMapped(item, clientId, origin, inboxId)));
        } else {
            writes.add(ProductWrite.fromMapped(mapped, clientId, origin, inboxId));
        }
    }

    /** Logs an inbound item the echo check recognised as the hub's own push coming back. */
    public void logEcho(ProductWrite write) {
        Long productId = write.link() == null ? null : products.idByLink(write.clientId(), write.link()).orElse(null);
        syncLog.record(productId, "echo_skipped", write.origin(), null, null, CanonicalJson.write(write.fields()),
                "the delivery repeats what the hub last pushed to " + write.origin(), write.inboxId());
        if (echoSkips != null) {
            echoSkips.record(write.origin());
        }
    }
}
