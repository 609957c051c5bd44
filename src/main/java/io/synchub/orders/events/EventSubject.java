package io.synchub.orders.events;

/**
 * What an event of the stream is about, as far as clients filter on it: an order (the hub's id and the client's own
 * order id), the tenant it belongs to ('' for none), and a washing bay. Every part may be absent.
 */
public record EventSubject(Long orderId, String orderRef, String clientId, String tenantId, String bayId) {

    /** An id clients send (order id, tenant, bay): letters, digits and . _ : @ # + -, at most 100 characters. */
    public static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@#+-]{0,99}");

    public static final EventSubject NONE = new EventSubject(null, null, null, "", null);

    public EventSubject {
        tenantId = tenantId == null ? "" : tenantId;
    }

    public static EventSubject order(Long orderId, String orderRef, String clientId, String tenantId) {
        return new EventSubject(orderId, orderRef, clientId, tenantId, null);
    }

    public EventSubject withBay(String bay) {
        return new EventSubject(orderId, orderRef, clientId, tenantId, bay);
    }
}
