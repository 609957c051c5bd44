package io.synchub.echo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.product.ProductStore;
import io.synchub.product.ProductWrite;
import io.synchub.synclog.SyncLog;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes out of an incoming item the pushed fields that only repeat the hub's own pushes (echoes) or describe a state
 * the platform held before the hub's latest push (stale); the rest of the item merges normally. Each kind is logged
 * once per delivery ({@code echo_skipped}, {@code stale_skipped}); a stale value that was the platform's own edit,
 * overwritten by the hub's push, still counts as a disagreement inside the conflict window.
 */
@Component("echoFilter")
public class EchoFilter {

    private final EchoLedger ledger;
    private final ProductStore products;
    private final SyncLog syncLog;

    public EchoFilter(EchoLedger ledger, ProductStore products, SyncLog syncLog) {
        this.ledger = ledger;
        this.products = products;
        this.syncLog = syncLog;
    }

    /** The pushes of the echo window to the items a run of writes names, read together before the run. */
    public EchoLedger.RunPushes pushesOf(List<ProductWrite> writes) {
        return ledger.pushesOf(writes);
    }

    /** The write without its echoed and stale fields; the write itself (the same instance) when the ledger names none. */
    public ProductWrite withoutEchoes(ProductWrite write) {
        return withoutEchoesInRun(write, null);
    }

    /** As {@link #withoutEchoes(ProductWrite)}, judged by the pushes its run read beforehand ({@link EchoLedger#pushesOf}). */
    public ProductWrite withoutEchoesInRun(ProductWrite write, EchoLedger.RunPushes pushes) {
        EchoLedger.Verdict verdict = ledger.check(write, pushes);
        if (verdict.isEmpty()) {
            return write;
        }
        Long productId = products.idByLink(write.clientId(), write.link()).orElse(null);
        if (!verdict.echoes().isEmpty()) {
            log(productId, "echo_skipped", write, verdict.echoes(), "the delivery repeats what the hub pushed to " + write.origin());
            if (productId != null) {
                products.noteSeen(productId, write.origin(), verdict.echoes());
            }
        }
        if (!verdict.stale().isEmpty()) {
            log(productId, "stale_skipped", write, verdict.stale(), write.origin() + " sent its state of " + write.sourceAt()
                    + ", not newer than the hub's latest push of these fields");
            if (productId != null) {
                products.recordOverwritten(productId, write, verdict.stale());
            }
        }
        ObjectNode rest = write.fields().deepCopy();
        rest.remove(verdict.echoes().keySet());
        rest.remove(verdict.stale().keySet());
        return write.withFields(rest);
    }

    private void log(Long productId, String action, ProductWrite write, Map<String, JsonNode> values, String message) {
        ObjectNode json = CanonicalJson.object();
        new LinkedHashMap<>(values).forEach(json::set);
        syncLog.record(productId, action, write.origin(), String.join(",", values.keySet()), null, CanonicalJson.write(json),
                message, write.inboxId());
    }
}
