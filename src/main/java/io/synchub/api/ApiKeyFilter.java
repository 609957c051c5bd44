package io.synchub.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Everything under /api/ needs a valid {@code X-API-Key} header. Only the event stream takes {@code ?token=} (browsers'
 * EventSource cannot send headers); a form field or any other query parameter is never a key.
 */
@Configuration
public class ApiKeyFilter {

    static final String EVENT_STREAM = "/api/v1/sync/events";

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> apiKeyFilterRegistration(ApiKeys keys) {
        FilterRegistrationBean<OncePerRequestFilter> reg = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String key = request.getHeader("X-API-Key");
                if (key == null && EVENT_STREAM.equals(request.getRequestURI())) {
                    key = tokenParameter(request.getQueryString());
                }
                if (!keys.valid(key)) {
                    response.setStatus(401);
                    response.setContentType("application/json");
                    response.getOutputStream().write(ErrorBody.json("unauthorized",
                            "send a valid API key in the X-API-Key header (keys are configured by SYNCHUB_API_KEYS)")
                            .getBytes(StandardCharsets.UTF_8));
                    return;
                }
                chain.doFilter(ApiCaller.identify(request, key), response);
            }
        });
        reg.addUrlPatterns("/api/*");
        reg.setOrder(1);
        return reg;
    }

    /** {@code token} from the query string itself: asking the request for parameters would read a form body. */
    static String tokenParameter(String query) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("token=")) {
                try {
                    return java.net.URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
