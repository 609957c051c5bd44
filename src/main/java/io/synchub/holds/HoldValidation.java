package io.synchub.holds;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * Compares the active holds with the authority that reserved them: a hold it no longer knows, or knows as anything
 * but active, is marked {@code lost} (with a hold_lost event). When the authority cannot answer, the run stops and
 * nothing is marked: unavailability is not loss.
 */
@Component("holdValidation")
public class HoldValidation {

    private static final Logger LOG = LoggerFactory.getLogger(HoldValidation.class);

    private final HoldStore store;
    private final InventoryAuthorities authorities;
    private final Holds holds;

    public HoldValidation(HoldStore store, InventoryAuthorities authorities, Holds holds) {
        this.store = store;
        this.authorities = authorities;
        this.holds = holds;
    }

    /** Checks every active hold of the current authority; returns how many were found lost. */
    public int validate() {
        InventoryAuthority authority = authorities.current();
        if (HubStock.ID.equals(authority.id())) {
            return 0; // the hub's own holds are the authority's records
        }
        int lost = 0;
        String after = "";
        while (true) {
            List<StoredHold> page = store.active(authority.id(), after, 100);
            if (page.isEmpty()) {
                return lost;
            }
            for (StoredHold hold : page) {
                Optional<String> status;
                try {
                    status = authority.statusOf(hold);
                } catch (InventoryUnavailable e) {
                    LOG.warn("hold validation stopped: {}", e.getMessage());
                    return lost;
                }
                if ((status.isEmpty() || !StoredHold.ACTIVE.equals(status.get())) && holds.markLost(hold.id(), status.orElse(null))) {
                    lost++;
                    LOG.warn("hold {} is lost: the {} authority {}", hold.id(), authority.id(),
                            status.map(s -> "has it as " + s).orElse("no longer knows it"));
                }
                after = hold.id();
            }
        }
    }
}
