package io.synchub.holds;

import java.util.List;

/** The authority cannot hold every item: {@code items} names each one with what is available (answered as 409). */
public class InsufficientInventory extends RuntimeException {

    private final List<ItemAvailability> items;

    public InsufficientInventory(List<ItemAvailability> items) {
        super("not enough units for " + items.stream().filter(i -> !i.ok())
                .map(i -> i.sku() + " (requested " + i.requested() + ", available " + i.available() + ")").toList());
        this.items = List.copyOf(items);
    }

    public List<ItemAvailability> items() {
        return items;
    }
}
