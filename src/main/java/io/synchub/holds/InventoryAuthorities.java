package io.synchub.holds;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the inventory authority: {@code SYNCHUB_INVENTORY_AUTHORITY} when set; otherwise an authority that is
 * preferred by default (a configured platform), else the hub. A stored hold is always handled by the authority that
 * reserved it, even after the setting changed.
 */
@Component
public class InventoryAuthorities {

    private final Map<String, InventoryAuthority> byId = new LinkedHashMap<>();
    private final InventoryAuthority current;

    public InventoryAuthorities(List<InventoryAuthority> authorities,
                                @Value("${synchub.holds.authority:}") String configured) {
        for (InventoryAuthority a : authorities) {
            byId.put(a.id(), a);
        }
        String wanted = configured == null ? "" : configured.trim().toLowerCase(java.util.Locale.ROOT);
        if (!wanted.isEmpty()) {
            current = byId.get(wanted);
            if (current == null) {
                throw new IllegalStateException("SYNCHUB_INVENTORY_AUTHORITY='" + configured + "' is none of " + byId.keySet());
            }
        } else {
            current = authorities.stream().filter(InventoryAuthority::preferredByDefault).findFirst()
                    .orElse(byId.get(HubStock.ID));
        }
    }

    public InventoryAuthority current() {
        return current;
    }

    public InventoryAuthority of(StoredHold hold) {
        InventoryAuthority a = byId.get(hold.authority());
        if (a == null) {
            throw new IllegalStateException("hold " + hold.id() + " was reserved by authority '" + hold.authority()
                    + "', which this hub no longer has");
        }
        return a;
    }
}
