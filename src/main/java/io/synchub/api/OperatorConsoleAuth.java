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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Hawtio and Jolokia can stop routes and read every MBean: they need HTTP Basic credentials. The user is
 * {@code synchub.operator.user} (default {@code operator}); the password is SYNCHUB_OPERATOR_PASSWORD, or, when
 * that is unset, any API key of SYNCHUB_API_KEYS.
 */
@Configuration
public class OperatorConsoleAuth {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> operatorConsoleFilter(ApiKeys keys,
                                                                       @Value("${synchub.operator.user:operator}") String user,
                                                                       @Value("${synchub.operator.password:}") String password) {
        FilterRegistrationBean<OncePerRequestFilter> reg = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (authenticated(request.getHeader("Authorization"), user, password, keys)) {
                    chain.doFilter(request, response);
                    return;
                }
                response.setStatus(401);
                response.setHeader("WWW-Authenticate", "Basic realm=\"SyncHub operators\", charset=\"UTF-8\"");
                response.setContentType("application/json");
                response.getOutputStream().write(ErrorBody.json("unauthorized", "the operator console needs HTTP Basic "
                        + "credentials: user '" + user + "' with SYNCHUB_OPERATOR_PASSWORD (or an API key when that is unset)")
                        .getBytes(StandardCharsets.UTF_8));
            }
        });
        reg.addUrlPatterns("/actuator/hawtio", "/actuator/hawtio/*", "/actuator/jolokia", "/actuator/jolokia/*");
        reg.setOrder(2);
        return reg;
    }

    static boolean authenticated(String header, String user, String password, ApiKeys keys) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean userOk = MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8),
                decoded.substring(0, colon).getBytes(StandardCharsets.UTF_8));
        String given = decoded.substring(colon + 1);
        boolean passwordOk = password.isBlank() ? keys.valid(given)
                : MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
        return userOk & passwordOk;
    }
}
