package io.synchub.platform.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.api.ApiException;
import io.synchub.canonical.CanonicalJson;
import io.synchub.holds.HoldItem;
import io.synchub.holds.HoldRequest;
import io.synchub.holds.InsufficientInventory;
import io.synchub.holds.InventoryAuthority;
import io.synchub.holds.InventoryUnavailable;
import io.synchub.holds.ItemAvailability;
import io.synchub.holds.StoredHold;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The admin panel as inventory authority: availability and holds are asked of it at request time; the hub keeps the
 * references. Its refusal (409 with per-item figures) is passed on as it is; when it cannot answer the hub says 503.
 * Every hold create carries an Idempotency-Key (the client's, else the hub's hold id), so a retry is one admin hold.
 */
@Component
public class AdminInventory implements InventoryAuthority {

    public static final String ID = "admin";

    private final AdminPlatform platform;
    private final AdminClient client;

    public AdminInventory(AdminPlatform platform, AdminClient client) {
        this.platform = platform;
        this.client = client;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean preferredByDefault() {
        return platform.configured();
    }

    @Override
    public List<ItemAvailability> availability(String clientId, List<HoldItem> items) {
        AdminClient.Answer a = ask(() -> client.call("availability", null, null, body(items), null));
        if (!a.ok() || a.body() == null || !a.body().path("items").isArray()) {
            throw new InventoryUnavailable("the admin panel answered availability with " + a.status() + " and no items", null);
        }
        return figures(a.body().get("items"));
    }

    @Override
    public Reservation reserve(String clientId, String holdId, HoldRequest request, String idempotencyKey, Instant now) {
        ObjectNode body = body(request.items());
        body.put("sessionId", request.sessionId());
        body.put("customerId", request.customerId());
        body.put("duration", request.durationSeconds());
        AdminClient.Answer a = ask(() -> client.call("createHold", null, null, body, idempotencyKey != null ? idempotencyKey : holdId));
        if (a.status() == 409) {
            JsonNode items = a.body() == null ? null : a.body().get("items");
            throw new InsufficientInventory(items != null && items.isArray() ? figures(items) : List.of());
        }
        if (!a.ok() || a.body() == null || !a.body().hasNonNull("holdId")) {
            throw ApiException.unprocessable("the admin panel refused the hold (" + a.status() + "): "
                    + (a.body() == null ? "no details" : a.body().path("message").asText(a.body().toString())));
        }
        JsonNode exp = a.body().get("expiresAt");
        Instant expiresAt = exp != null && exp.isNumber() ? Instant.ofEpochSecond(exp.asLong())
                : exp != null && exp.isTextual() ? Instant.parse(exp.asText()) : now.plusSeconds(request.durationSeconds());
        return new Reservation(a.body().get("holdId").asText(), expiresAt);
    }

    @Override
    public void release(String clientId, StoredHold hold) {
        AdminClient.Answer a = ask(() -> client.call("releaseHold", hold.authorityHoldId(), null, null, null));
        if (!a.ok() && a.status() != 404) {
            throw new ApiException(409, "admin_refused", "the admin panel refused to release hold " + hold.authorityHoldId() + " (" + a.status() + ")");
        }
    }

    @Override
    public void confirm(String clientId, StoredHold hold) {
        AdminClient.Answer a = ask(() -> client.call("confirmHold", hold.authorityHoldId(), null, null, null));
        if (!a.ok()) {
            throw new ApiException(409, "admin_refused", "the admin panel refused to confirm hold " + hold.authorityHoldId()
                    + " (" + a.status() + "); it may have expired or been forgotten there");
        }
    }

    /** The panel expires its holds itself (a buffer after the hub did). */
    @Override
    public void expire(String clientId, StoredHold hold) {
    }

    @Override
    public Optional<String> statusOf(StoredHold hold) {
        AdminClient.Answer a = ask(() -> client.call("getHold", hold.authorityHoldId(), null, null, null));
        if (a.status() == 404) {
            return Optional.empty();
        }
        if (!a.ok() || a.body() == null) {
            throw new InventoryUnavailable("the admin panel answered " + a.status() + " for hold " + hold.authorityHoldId(), null);
        }
        return Optional.of(a.body().path("status").asText("unknown"));
    }

    private static AdminClient.Answer ask(Supplier<AdminClient.Answer> call) {
        try {
            return call.get();
        } catch (AdminUnavailable e) {
            throw new InventoryUnavailable("inventory needs the admin panel, which is unavailable: " + e.getMessage(), e);
        }
    }

    private static ObjectNode body(List<HoldItem> items) {
        ObjectNode o = CanonicalJson.object();
        ArrayNode a = o.putArray("items");
        for (HoldItem i : items) {
            a.addObject().put("sku", i.sku()).put("quantity", i.quantity());
        }
        return o;
    }

    private static List<ItemAvailability> figures(JsonNode items) {
        List<ItemAvailability> out = new ArrayList<>();
        for (JsonNode i : items) {
            long available = i.path("available").asLong(0);
            long requested = i.path("requested").asLong(0);
            boolean ok = i.has("ok") ? i.get("ok").asBoolean() : available >= requested;
            out.add(new ItemAvailability(i.path("sku").asText(), available, requested, ok));
        }
        return out;
    }
}
