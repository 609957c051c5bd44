package io.synchub.holds;

import io.synchub.api.ApiException;

/** The inventory authority could not answer (down, too slow, breaker open): 503 inventory_unavailable. */
public class InventoryUnavailable extends ApiException {

    public InventoryUnavailable(String message, Throwable cause) {
        super(503, "inventory_unavailable", message);
        if (cause != null) {
            initCause(cause);
        }
    }
}
