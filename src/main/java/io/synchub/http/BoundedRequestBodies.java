package io.synchub.http;

import io.synchub.api.ErrorBody;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads webhook and API request bodies on the servlet thread, before any route sees them, so a slow or huge body
 * can never occupy the threads that run routes (API, health, other deliveries):
 * <ul>
 *   <li>a declared {@code Content-Length} over the limit is answered 413 without reading a byte; a chunked body is
 *       cut off at the limit (413);</li>
 *   <li>the whole body must arrive within the read timeout (408 otherwise), however slowly its bytes trickle;</li>
 *   <li>webhook bodies are read by at most {@link WebhookIntakeCapacity} requests at once; beyond, 503 with
 *       {@code Retry-After} (the platforms retry);</li>
 *   <li>a {@code Content-Encoding} other than identity is 415 (nothing is decompressed);</li>
 *   <li>parameters come from the query string only (webhooks take none): a form field never becomes a header.</li>
 * </ul>
 */
public class BoundedRequestBodies extends OncePerRequestFilter {

    /** Request attribute holding the exact bytes received (signatures are computed over these). */
    public static final String RAW_BODY = "io.synchub.http.rawBody";

    private static final Logger LOG = LoggerFactory.getLogger(BoundedRequestBodies.class);

    private final WebhookIntakeCapacity webhookCapacity;
    private final long webhookMaxBytes;
    private final long apiMaxBytes;
    private final Duration readTimeout;

    public BoundedRequestBodies(WebhookIntakeCapacity webhookCapacity, long webhookMaxBytes, long apiMaxBytes,
                                Duration readTimeout) {
        this.webhookCapacity = webhookCapacity;
        this.webhookMaxBytes = webhookMaxBytes;
        this.apiMaxBytes = apiMaxBytes;
        this.readTimeout = readTimeout;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean webhook = request.getRequestURI().startsWith("/webhooks/");
        long limit = webhook ? webhookMaxBytes : apiMaxBytes;
        String encoding = request.getHeader("Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !"identity".equalsIgnoreCase(encoding.trim())) {
            LOG.info("rejected {} {}: unsupported Content-Encoding", request.getMethod(), request.getRequestURI());
            reject(response, 415, "unsupported_media_type",
                    "Content-Encoding is not supported; send the body uncompressed");
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            reject(response, 413, "payload_too_large", "the body exceeds " + limit + " bytes");
            return;
        }
        boolean hasBody = declared > 0 || request.getHeader("Transfer-Encoding") != null;
        if (!hasBody) {
            chain.doFilter(new ReadBody(request, new byte[0], webhook), response);
            return;
        }
        if (webhook && !webhookCapacity.tryAcquire()) {
            response.setHeader("Retry-After", "5");
            reject(response, 503, "intake_saturated",
                    "too many webhook bodies are being received at once; retry shortly");
            return;
        }
        byte[] body;
        try {
            body = read(request.getInputStream(), limit);
        } catch (TooLarge e) {
            reject(response, 413, "payload_too_large", "the body exceeds " + limit + " bytes");
            return;
        } catch (TooSlow e) {
            LOG.info("gave up reading the body of {} {} after {}", request.getMethod(), request.getRequestURI(), readTimeout);
            reject(response, 408, "request_timeout", "the body did not arrive within " + readTimeout.toSeconds() + " s");
            return;
        } catch (IOException e) {
            // the client went away mid-body: nobody is left to answer
            return;
        } finally {
            if (webhook) {
                webhookCapacity.release();
            }
        }
        if (!webhook && !Utf8.valid(body)) {
            LOG.info("rejected {} {}: the body is not UTF-8", request.getMethod(), request.getRequestURI());
            reject(response, 400, "malformed_json", "the body is not UTF-8 encoded");
            return;
        }
        request.setAttribute(RAW_BODY, body);
        chain.doFilter(new ReadBody(request, body, webhook), response);
    }

    private byte[] read(InputStream in, long limit) throws IOException {
        long deadline = System.nanoTime() + readTimeout.toNanos();
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, 8192));
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > limit) {
                throw new TooLarge();
            }
            out.write(buffer, 0, n);
            if (System.nanoTime() > deadline) {
                throw new TooSlow();
            }
        }
        return out.toByteArray();
    }

    private static void reject(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        // the unread rest of the body is not worth the connection
        response.setHeader("Connection", "close");
        response.setContentType("application/json");
        response.getOutputStream().write(ErrorBody.json(code, message).getBytes(StandardCharsets.UTF_8));
    }

    private static final class TooLarge extends IOException {
    }

    private static final class TooSlow extends IOException {
    }

    /** The request with its body already in memory and parameters from the query string only. */
    static final class ReadBody extends CachedBody {

        private final Map<String, String[]> parameters;

        ReadBody(HttpServletRequest request, byte[] body, boolean webhook) {
            super(request, body);
            this.parameters = webhook ? Map.of() : queryParameters(request.getQueryString());
        }

        @Override
        public String getQueryString() {
            return parameters.isEmpty() ? null : super.getQueryString();
        }

        @Override
        public String getParameter(String name) {
            String[] values = parameters.get(name);
            return values == null ? null : values[0];
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return parameters;
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(parameters.keySet());
        }

        @Override
        public String[] getParameterValues(String name) {
            return parameters.get(name);
        }

        static Map<String, String[]> queryParameters(String query) {
            if (query == null || query.isEmpty()) {
                return Map.of();
            }
            Map<String, String[]> out = new LinkedHashMap<>();
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name;
                String value;
                try {
                    name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                out.merge(name, new String[]{value}, (a, b) -> {
                    String[] merged = java.util.Arrays.copyOf(a, a.length + 1);
                    merged[a.length] = b[0];
                    return merged;
                });
            }
            return Collections.unmodifiableMap(out);
        }
    }
}
