package io.synchub.inbox;

import io.synchub.inbox.Inbox.ClaimedDelivery;
import io.synchub.platform.PlatformRegistry;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a claimed batch into runs: the consecutive deliveries whose platforms declare a run flow for their topics
 * ({@code runs:} in {@code platform.yaml}) and whose flow is the same become one run; every other delivery is a run of
 * its own, handled one by one as before. The batch's order is kept: runs follow each other as their deliveries did, so
 * a resource's deliveries are still applied in the order they arrived.
 */
@Component("deliveryRuns")
public class DeliveryRuns {

    private final PlatformRegistry platforms;

    public DeliveryRuns(PlatformRegistry platforms) {
        this.platforms = platforms;
    }

    public List<DeliveryRun> of(List<ClaimedDelivery> batch) {
        List<DeliveryRun> runs = new ArrayList<>();
        String runFlow = null;
        List<ClaimedDelivery> current = new ArrayList<>();
        for (ClaimedDelivery d : batch) {
            String flow = platforms.runFlow(d.platform(), d.topic());
            if (flow != null && flow.equals(runFlow)) {
                current.add(d);
                continue;
            }
            if (runFlow != null) {
                runs.add(new DeliveryRun(runFlow, true, current));
                current = new ArrayList<>();
            }
            runFlow = flow;
            if (flow != null) {
                current.add(d);
            } else {
                runs.add(new DeliveryRun(platforms.inboundFlow(d.platform(), d.topic()), false, List.of(d)));
            }
        }
        if (runFlow != null) {
            runs.add(new DeliveryRun(runFlow, true, current));
        }
        return runs;
    }
}
