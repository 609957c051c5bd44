package io.synchub.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.security.Principal;

/**
 * Who may see what under /actuator:
 * <ul>
 *   <li>health: everyone gets the status; the operator or a scraper (SYNCHUB_METRICS_TOKEN) gets the details;</li>
 *   <li>info, metrics, prometheus: the operator or a scraper;</li>
 *   <li>Hawtio and Jolokia: the operator only ({@link OperatorLogin}), same-origin, Jolokia under
 *       {@link JolokiaPolicy}; both are off while SYNCHUB_OPERATOR_PASSWORD is unset.</li>
 * </ul>
 */
@Configuration
public class OperatorConsoleAuth {

    private static final int JOLOKIA_MAX_BODY = 64 * 1024;

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> operatorConsoleFilter(OperatorLogin operator) {
        FilterRegistrationBean<OncePerRequestFilter> reg = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
                boolean isOperator = operator.isOperator(request);
                if (path.equals("/actuator/health") || path.startsWith("/actuator/health/")) {
                    chain.doFilter(isOperator || operator.isScraper(request) ? signedIn(request) : request, response);
                    return;
                }
                boolean console = path.startsWith("/actuator/hawtio") || path.startsWith("/actuator/jolokia");
                if (!console) {
                    if (isOperator || operator.isScraper(request)) {
                        chain.doFilter(signedIn(request), response);
                    } else {
                        operator.challenge(response);
                    }
                    return;
                }
                if (!operator.enabled()) {
                    operator.disabled(response);
                    return;
                }
                if (!isOperator) {
                    operator.challenge(response);
                    return;
                }
                if (!sameOrigin(request)) {
                    refuse(response, "requests from another origin are not accepted");
                    return;
                }
                if (path.startsWith("/actuator/jolokia")) {
                    String rest = path.substring("/actuator/jolokia".length());
                    if ("POST".equalsIgnoreCase(request.getMethod())) {
                        byte[] body = request.getInputStream().readNBytes(JOLOKIA_MAX_BODY + 1);
                        if (body.length > JOLOKIA_MAX_BODY) {
                            refuse(response, "the Jolokia request is too large");
                            return;
                        }
                        String refused = JolokiaPolicy.refusePost(body);
                        if (refused != null) {
                            refuse(response, refused);
                            return;
                        }
                        chain.doFilter(new io.synchub.http.CachedBody(signedIn(request), body), response);
                        return;
                    }
                    String refused = JolokiaPolicy.refuseGet(rest, request.getQueryString());
                    if (refused != null) {
                        refuse(response, refused);
                        return;
                    }
                }
                chain.doFilter(signedIn(request), response);
            }

            private HttpServletRequest signedIn(HttpServletRequest request) {
                return new HttpServletRequestWrapper(request) {
                    @Override
                    public Principal getUserPrincipal() {
                        return operator::user;
                    }

                    @Override
                    public boolean isUserInRole(String role) {
                        return true;
                    }
                };
            }
        });
        reg.addUrlPatterns("/actuator", "/actuator/*");
        reg.setOrder(2);
        return reg;
    }

    /** No Origin (curl, scrapers) or the hub's own origin (Hawtio in the browser). */
    static boolean sameOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        String host = request.getHeader("Host");
        return host != null && (origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host));
    }

    private static void refuse(HttpServletResponse response, String message) throws IOException {
        response.setStatus(403);
        OperatorLogin.write(response, ErrorBody.json("forbidden", message));
    }
}
