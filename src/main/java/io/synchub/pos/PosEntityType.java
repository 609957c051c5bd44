package io.synchub.pos;

import io.synchub.api.ApiException;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The 12 entity types POS clients synchronise (plus the extra {@code stores}), by the names their existing clients use in paths, in
 * {@code entity_type} and in WebSocket messages. Products come from the central product store; the others are
 * written by the console through {@code PUT/DELETE /api/v1/entities/{entity_type}/{id}}. Store-scoped types exist
 * per store and need {@code store_id}; global types are the same for every store.
 */
public enum PosEntityType {
    PRODUCTS("products", Scope.GLOBAL),
    CATEGORIES("categories", Scope.GLOBAL),
    MATERIALS("materials", Scope.GLOBAL),
    UNIT_OF_MEASURES("unit-of-measures", Scope.GLOBAL),
    PRODUCT_UNIT_OF_MEASURES("product-unit-of-measures", Scope.GLOBAL),
    MATERIAL_UNIT_OF_MEASURES("material-unit-of-measures", Scope.GLOBAL),
    RECIPES("recipes", Scope.GLOBAL),
    RECIPE_MATERIALS("recipe-materials", Scope.GLOBAL),
    SETTINGS("settings", Scope.GLOBAL),
    /** An extra beside the 12 (not one of the registers' types): the directory of stores the store-scoped types use. */
    STORES("stores", Scope.GLOBAL),
    /** The registers' tables (seating, service areas), kept per store. */
    TABLES("tables", Scope.STORE),
    INVENTORY_CONFIG("inventory-config", Scope.STORE),
    DOCUMENT_PREFIXES("document-prefixes", Scope.STORE);

    public enum Scope { GLOBAL, STORE }

    private static final Map<String, PosEntityType> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toMap(PosEntityType::wireName, Function.identity()));

    public static final List<String> NAMES = Arrays.stream(values()).map(PosEntityType::wireName).toList();

    private final String wireName;
    private final Scope scope;

    PosEntityType(String wireName, Scope scope) {
        this.wireName = wireName;
        this.scope = scope;
    }

    public String wireName() {
        return wireName;
    }

    public boolean storeScoped() {
        return scope == Scope.STORE;
    }

    /** Written by the console into {@code pos_entities} (every type except products). */
    public boolean consoleWritten() {
        return this != PRODUCTS;
    }

    public static boolean isPosType(String name) {
        return name != null && BY_NAME.containsKey(name);
    }

    /** The type named by a request parameter, or a 400 that lists the valid names. */
    public static PosEntityType named(String name) {
        if (name == null || name.isBlank()) {
            throw new ApiException(400, "bad_request", "entity_type is required; one of " + NAMES);
        }
        PosEntityType type = BY_NAME.get(name.trim());
        if (type == null) {
            throw new ApiException(400, "unknown_entity_type", "unknown entity_type '" + name + "'; one of " + NAMES);
        }
        return type;
    }

    /**
     * The store a request is about: required (400) for a store-scoped type, ignored for a global one. Store ids
     * are 1..100 letters, digits, '.', '_', '-'.
     */
    public String storeFor(String storeId) {
        String s = storeId == null ? null : storeId.trim();
        if (s == null || s.isEmpty()) {
            if (storeScoped()) {
                throw new ApiException(400, "store_id_required", wireName + " is kept per store: add store_id=<your store>");
            }
            return null;
        }
        validStoreId(s);
        return storeScoped() ? s : null;
    }

    public static String validStoreId(String storeId) {
        if (storeId == null || !storeId.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new ApiException(400, "bad_request",
                    "store_id must be 1 to 100 letters, digits, '.', '_' or '-', got '" + storeId + "'");
        }
        return storeId;
    }
}
