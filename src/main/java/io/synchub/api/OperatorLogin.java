package io.synchub.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The operator's login, separate from the API keys (a POS or dashboard key must never open JMX): HTTP Basic with
 * user {@code synchub.operator.user} (default {@code operator}) and SYNCHUB_OPERATOR_PASSWORD. Without that password
 * there is no operator, and everything that needs one is off. Any operator page (Hawtio, Jolokia, a console) asks
 * {@link #isOperator} and answers {@link #challenge} otherwise.
 */
@Component
public class OperatorLogin {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorLogin.class);

    private final String user;
    private final byte[] password;
    private final byte[] metricsToken;

    public OperatorLogin(@Value("${synchub.operator.user:operator}") String user,
                         @Value("${synchub.operator.password:}") String password,
                         @Value("${synchub.operator.metrics-token:}") String metricsToken) {
        this.user = user;
        this.password = password == null || password.isBlank() ? null : password.getBytes(StandardCharsets.UTF_8);
        this.metricsToken = metricsToken == null || metricsToken.isBlank() ? null : metricsToken.getBytes(StandardCharsets.UTF_8);
        if (this.password == null) {
            LOG.info("SYNCHUB_OPERATOR_PASSWORD is not set: Hawtio and Jolokia are disabled; health shows its status only");
        }
    }

    /** Whether an operator login exists at all. */
    public boolean enabled() {
        return password != null;
    }

    public String user() {
        return user;
    }

    /** True for HTTP Basic credentials of the operator (constant-time comparison). */
    public boolean isOperator(HttpServletRequest request) {
        if (password == null) {
            return false;
        }
        String header = request.getHeader("Authorization");
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
        boolean passwordOk = MessageDigest.isEqual(password, decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
        return userOk & passwordOk;
    }

    /** True for {@code Authorization: Bearer SYNCHUB_METRICS_TOKEN} (a scraper, who may read metrics and health). */
    public boolean isScraper(HttpServletRequest request) {
        if (metricsToken == null) {
            return false;
        }
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(metricsToken, header.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }

    /** 401 asking for the operator's Basic credentials. */
    public void challenge(HttpServletResponse response) throws IOException {
        response.setStatus(401);
        response.setHeader("WWW-Authenticate", "Basic realm=\"SyncHub operators\", charset=\"UTF-8\"");
        write(response, ErrorBody.json("unauthorized", "this needs the operator's HTTP Basic credentials: user '" + user
                + "' with SYNCHUB_OPERATOR_PASSWORD"));
    }

    /** 404 for an operator page while no operator password is configured. */
    public void disabled(HttpServletResponse response) throws IOException {
        response.setStatus(404);
        write(response, ErrorBody.json("operator_access_disabled",
                "set SYNCHUB_OPERATOR_PASSWORD to enable the operator pages (user '" + user + "')"));
    }

    static void write(HttpServletResponse response, String json) throws IOException {
        response.setContentType("application/json");
        response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    }
}
