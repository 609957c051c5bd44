package io.synchub.inbox;

import io.synchub.inbox.Inbox.ClaimedDelivery;

import java.util.List;

/**
 * Consecutive claimed deliveries of one batch that one flow takes at once ({@code direct:inbound-<flow>-run}), in
 * inbox order; or a single delivery for a flow that takes them one by one ({@code flow} null when the platform handles
 * its topic with no flow at all).
 *
 * @param asRun whether {@code flow} takes the deliveries together
 */
public record DeliveryRun(String flow, boolean asRun, List<ClaimedDelivery> deliveries) {

    /** The raw bodies, in order (the input of a run's mapping). */
    public List<String> bodies() {
        return deliveries.stream().map(ClaimedDelivery::body).toList();
    }

    /** The same run with only {@code kept} of its deliveries. */
    public DeliveryRun only(List<ClaimedDelivery> kept) {
        return new DeliveryRun(flow, asRun, List.copyOf(kept));
    }

    public int size() {
        return deliveries.size();
    }
}
