package io.synchub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.synchub.api.ApiKeys;
import org.springframework.stereotype.Component;

/**
 * {@code synchub_api_requests_total{client}}: requests to {@code /api/} per calling client. The client is the tenant
 * the presented API key is bound to ({@code SYNCHUB_API_KEYS} entry {@code key:tenant}), {@link #ALL_TENANTS} for a
 * key bound to none, {@link #OPERATOR} for the console's operator login and {@link #UNAUTHENTICATED} for requests
 * refused with 401. Only configured tenants become label values, never a value a request sent.
 */
@Component("apiRequestCounts")
public class ApiRequests {

    public static final String ALL_TENANTS = "all-tenants";
    public static final String OPERATOR = "operator";
    public static final String UNAUTHENTICATED = "unauthenticated";

    private final CounterFamily requests;

    public ApiRequests(MeterRegistry registry, ApiKeys keys) {
        this.requests = new CounterFamily(registry, "synchub_api_requests",
                "requests to /api/ per calling client (the API key's tenant)", "client");
        for (String client : keys.tenants()) {
            counter(client);
        }
        counter(ALL_TENANTS);
        counter(OPERATOR);
        counter(UNAUTHENTICATED);
    }

    /** One request of {@code client} (a configured tenant or one of this class's constants). */
    public void record(String client) {
        counter(client).increment();
    }

    private Counter counter(String client) {
        return requests.counter(client);
    }
}
