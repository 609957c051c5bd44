package io.synchub.api;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The tenant an API key is bound to (SYNCHUB_API_KEYS entry {@code key:tenant}), as the API-key filter found it for
 * this request: the request attribute for MVC controllers, the header {@link #HEADER} for Camel routes (the filter
 * sets it and removes any value a client sent). Null: the key sees every tenant.
 */
public final class Tenants {

    public static final String ATTRIBUTE = "synchub.boundTenant";
    public static final String HEADER = "X-SyncHub-Bound-Tenant";
    /** Who called ({@code api-key:<fingerprint>} or {@code operator}), set by the API-key filter for routes to record. */
    public static final String CALLER_HEADER = "X-SyncHub-Caller";

    private Tenants() {
    }

    public static String bound(HttpServletRequest request) {
        Object t = request.getAttribute(ATTRIBUTE);
        return t instanceof String s && !s.isEmpty() ? s : null;
    }

    /** The header value a Camel route sees (blank means none). */
    public static String bound(String header) {
        return header == null || header.isBlank() ? null : header.trim();
    }
}
