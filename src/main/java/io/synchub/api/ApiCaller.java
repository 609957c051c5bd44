package io.synchub.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;

/**
 * Who called the API, for histories ("who and when"): the admitted API key by fingerprint, never the key itself.
 * Credentials are never taken into a route's message headers, so the API-key filter hands the fingerprint on as the
 * request header {@link #HEADER}, replacing any value a client sent under that name.
 */
public final class ApiCaller {

    public static final String HEADER = "X-SyncHub-Caller";

    private ApiCaller() {
    }

    static String fingerprint(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "api-key:" + HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            return "api";
        }
    }

    /** The request as routes see it: {@link #HEADER} is the admitted key's fingerprint and nothing else. */
    static HttpServletRequest identify(HttpServletRequest request, String key) {
        String caller = key == null ? "api" : fingerprint(key);
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getHeader(String name) {
                return HEADER.equalsIgnoreCase(name) ? caller : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return HEADER.equalsIgnoreCase(name) ? Collections.enumeration(List.of(caller)) : super.getHeaders(name);
            }

            @Override
            public Enumeration<String> getHeaderNames() {
                List<String> names = new java.util.ArrayList<>();
                for (Enumeration<String> e = super.getHeaderNames(); e.hasMoreElements(); ) {
                    String n = e.nextElement();
                    if (!HEADER.equalsIgnoreCase(n)) {
                        names.add(n);
                    }
                }
                names.add(HEADER);
                return Collections.enumeration(names);
            }
        };
    }
}
