package io.synchub.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Browser dashboards on other origins (SYNCHUB_CORS_ALLOWED_ORIGINS, comma separated; empty: none) may call /api/:
 * their preflight is answered before the API-key check (a preflight carries no key), and their requests get
 * {@code Access-Control-Allow-Origin}. Other origins get no CORS headers, so browsers keep them out.
 */
@Configuration
public class CorsFilter {

    private static final String ALLOWED_HEADERS = "X-API-Key, Content-Type, Last-Event-ID, Idempotency-Key";
    private static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> corsFilterRegistration(@Value("${synchub.cors.allowed-origins:}") String configured) {
        Set<String> origins = Arrays.stream(configured.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        FilterRegistrationBean<OncePerRequestFilter> reg = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String origin = request.getHeader("Origin");
                boolean allowed = origin != null && (origins.contains(origin) || origins.contains("*"));
                if (allowed) {
                    response.setHeader("Access-Control-Allow-Origin", origin);
                    response.addHeader("Vary", "Origin");
                    response.setHeader("Access-Control-Expose-Headers", "Location, Retry-After");
                }
                if ("OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null) {
                    if (allowed) {
                        response.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
                        response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
                        response.setHeader("Access-Control-Max-Age", "600");
                        response.setStatus(204);
                    } else {
                        response.setStatus(403);
                    }
                    return;
                }
                chain.doFilter(request, response);
            }
        });
        reg.addUrlPatterns("/api/*");
        reg.setOrder(0); // before the API-key filter: preflights carry no key
        return reg;
    }
}
