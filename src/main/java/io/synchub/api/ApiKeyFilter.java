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
 * Everything under /api/ needs a valid {@code X-API-Key} (browsers' EventSource may pass {@code ?token=}) or the
 * operator login (HTTP Basic, as for Hawtio), which the operator console at /console uses.
 */
@Configuration
public class ApiKeyFilter {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> apiKeyFilterRegistration(ApiKeys keys,
            @org.springframework.beans.factory.annotation.Value("${synchub.operator.user:operator}") String operatorUser,
            @org.springframework.beans.factory.annotation.Value("${synchub.operator.password:}") String operatorPassword) {
        FilterRegistrationBean<OncePerRequestFilter> reg = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String key = request.getHeader("X-API-Key");
                if (key == null) {
                    key = request.getParameter("token");
                }
                // the operator console calls the API with the operator login (HTTP Basic), as Hawtio is opened
                boolean operator = key == null
                        && OperatorConsoleAuth.authenticated(request.getHeader("Authorization"), operatorUser, operatorPassword, keys);
                if (!operator && !keys.valid(key)) {
                    response.setStatus(401);
                    response.setContentType("application/json");
                    response.getOutputStream().write(ErrorBody.json("unauthorized",
                            "send a valid API key in the X-API-Key header (keys are configured by SYNCHUB_API_KEYS)")
                            .getBytes(StandardCharsets.UTF_8));
                    return;
                }
                chain.doFilter(request, response);
            }
        });
        reg.addUrlPatterns("/api/*");
        reg.setOrder(1);
        return reg;
    }
}
