package io.synchub.http;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

import java.util.Locale;
import java.util.Set;

/**
 * The headers of an HTTP answer are the answer's own. Request headers, query parameters and form fields become
 * message headers while a route runs, so without this policy they would travel back to the client (a query
 * parameter {@code Set-Cookie} would set a cookie, {@code Content-Encoding=gzip} would compress the answer).
 * <ul>
 *   <li>towards the client only the few headers routes set themselves pass: {@link #ANSWER_HEADERS};</li>
 *   <li>from the client, those same names (and credentials) are never taken in, so an answer header can only have
 *       come from the route.</li>
 * </ul>
 */
public class ResponseHeaderPolicy extends HttpHeaderFilterStrategy {

    /** Everything a route may put on an answer. Content-Type is set by every HTTP route. */
    static final Set<String> ANSWER_HEADERS = Set.of("content-type", "location", "retry-after", "cache-control");

    /** Never taken from a request into the exchange. */
    static final Set<String> NOT_FROM_CLIENT = Set.of("location", "retry-after", "cache-control", "content-encoding",
            "set-cookie", "x-api-key", "authorization", "cookie", "proxy-authorization", "www-authenticate", "token");

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return headerName == null || !ANSWER_HEADERS.contains(headerName.toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        if (headerName == null) {
            return true;
        }
        String lower = headerName.toLowerCase(Locale.ROOT);
        if (NOT_FROM_CLIENT.contains(lower) || lower.startsWith("access-control-")) {
            return true;
        }
        return super.applyFilterToExternalHeaders(headerName, headerValue, exchange);
    }
}
