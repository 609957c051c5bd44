package io.synchub.api;

import io.synchub.canonical.CanonicalFields;
import io.synchub.canonical.CanonicalJson;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Turns any exception that reaches an HTTP route into the JSON error contract. Never a stack trace: unexpected
 * failures get a reference the operator finds in the hub log.
 */
@Component("errorBody")
public class ErrorBody {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorBody.class);

    public String fromException(Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiException api = classify(t);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, api.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return json(api.code(), api.getMessage());
    }

    public static String json(String code, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return CanonicalJson.write(body);
    }

    static ApiException classify(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ApiException api) {
                return api;
            }
            if (c instanceof CanonicalFields.Invalid invalid) {
                return ApiException.unprocessable(invalid.getMessage());
            }
            if (c instanceof DuplicateKeyException) {
                return ApiException.conflict("another product of this client already has that SKU; choose a unique SKU");
            }
            if (c instanceof DataIntegrityViolationException) {
                // the database's own text names tables and constraints: it goes to the log, not to the client
                LOG.info("a write did not fit the store: {}", rootMessage(c));
                return ApiException.unprocessable("the value does not fit the store (too long or of the wrong type)");
            }
            if (c instanceof IllegalArgumentException && c.getMessage() != null) {
                return ApiException.badRequest(c.getMessage());
            }
        }
        String ref = UUID.randomUUID().toString();
        LOG.error("unexpected failure, reference {}", ref, t);
        return new ApiException(500, "internal_error",
                "the hub failed unexpectedly; the hub log has the details under reference " + ref);
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null) {
            r = r.getCause();
        }
        String m = r.getMessage();
        return m == null ? r.getClass().getSimpleName() : m.split("\n")[0];
    }
}
