package io.synchub.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.synchub.metrics.ApiRequests;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Everything under /api/ needs a valid {@code X-API-Key} header, or the operator login (HTTP Basic, as for Hawtio),
 * which the operator console at /console uses. Only the event stream takes {@code ?token=} (browsers' EventSource
 * cannot send headers); a form field or any other query parameter is never a key. The tenant a key is bound to goes
 * on with the request (attribute and header {@link Tenants#HEADER}); whatever a client sent under that header is dropped.
 */
@Configuration
public class ApiKeyFilter {

    static final String EVENT_STREAM = "/api/v1/sync/events";

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> apiKeyFilterRegistration(ApiKeys keys, OperatorLogin operatorLogin, ApiRequests requests) {
        FilterRegistrationBean<OncePerRequestFilter> reg = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String key = request.getHeader("X-API-Key");
                if (key == null && EVENT_STREAM.equals(request.getRequestURI())) {
                    key = tokenParameter(request.getQueryString());
                }
                // the operator console calls the API with the operator login (HTTP Basic), as Hawtio is opened
                boolean operator = key == null && operatorLogin.isOperator(request);
                ApiKeys.Match match = operator ? null : keys.match(key);
                if (!operator && match == null) {
                    requests.record(ApiRequests.UNAUTHENTICATED);
                    response.setStatus(401);
                    response.setContentType("application/json");
                    response.getOutputStream().write(ErrorBody.json("unauthorized",
                            "send a valid API key in the X-API-Key header (keys are configured by SYNCHUB_API_KEYS)")
                            .getBytes(StandardCharsets.UTF_8));
                    return;
                }
                if (queryParameter(request.getQueryString(), Tenants.HEADER) != null) {
                    response.setStatus(400);
                    response.setContentType("application/json");
                    response.getOutputStream().write(ErrorBody.json("bad_request", "'" + Tenants.HEADER + "' is not a parameter clients may send")
                            .getBytes(StandardCharsets.UTF_8));
                    return;
                }
                requests.record(operator ? ApiRequests.OPERATOR : match.tenant() == null ? ApiRequests.ALL_TENANTS : match.tenant());
                chain.doFilter(new TenantBoundRequest(request, match == null ? null : match.tenant(), operator ? "operator" : match.caller()), response);
            }
        });
        reg.addUrlPatterns("/api/*");
        reg.setOrder(1);
        return reg;
    }

    /** {@code token} from the query string itself: asking the request for parameters would read a form body. */
    static String tokenParameter(String query) {
        return queryParameter(query, "token");
    }

    /** One parameter from the query string itself (never from a form body). */
    static String queryParameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                try {
                    return java.net.URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /**
     * The request as the API sees it: the bound-tenant header ({@link Tenants#HEADER}) and the caller header
     * ({@link Tenants#CALLER_HEADER}) are the filter's, never the client's.
     */
    static final class TenantBoundRequest extends jakarta.servlet.http.HttpServletRequestWrapper {

        private final java.util.Map<String, String> ours = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        TenantBoundRequest(HttpServletRequest request, String tenant, String caller) {
            super(request);
            ours.put(Tenants.HEADER, tenant);
            ours.put(Tenants.CALLER_HEADER, caller);
            if (tenant != null) {
                request.setAttribute(Tenants.ATTRIBUTE, tenant);
            } else {
                request.removeAttribute(Tenants.ATTRIBUTE);
            }
        }

        @Override
        public String getHeader(String name) {
            return ours.containsKey(name) ? ours.get(name) : super.getHeader(name);
        }

        @Override
        public java.util.Enumeration<String> getHeaders(String name) {
            if (ours.containsKey(name)) {
                String v = ours.get(name);
                return java.util.Collections.enumeration(v == null ? java.util.List.of() : java.util.List.of(v));
            }
            return super.getHeaders(name);
        }

        @Override
        public java.util.Enumeration<String> getHeaderNames() {
            java.util.List<String> names = new java.util.ArrayList<>();
            for (var e = super.getHeaderNames(); e.hasMoreElements(); ) {
                String n = e.nextElement();
                if (!ours.containsKey(n)) {
                    names.add(n);
                }
            }
            ours.forEach((n, v) -> {
                if (v != null) {
                    names.add(n);
                }
            });
            return java.util.Collections.enumeration(names);
        }
    }
}
