package io.synchub.outbox;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The platforms the hub pushes to and how to reach them, from the environment only. A platform without a base URL
 * (JTL: without a client id) is disabled: no jobs are planned for it and its dispatcher stays idle.
 */
@Component("pushTargets")
public class PushTargets {

    public static final String SHOPIFY = "SHOPIFY";
    public static final String WOOCOMMERCE = "WOOCOMMERCE";
    public static final String JTL = "JTL";

    private final Environment env;
    private final ObjectProvider<DeclaredPushTarget> declared;

    public PushTargets(Environment env, ObjectProvider<DeclaredPushTarget> declared) {
        this.env = env;
        this.declared = declared;
    }

    public boolean enabled(String target) {
        return switch (target) {
            case SHOPIFY -> !prop("synchub.channels.shopify.base-url").isBlank();
            case WOOCOMMERCE -> !prop("synchub.channels.woocommerce.base-url").isBlank();
            case JTL -> !prop("synchub.jtl.base-url").isBlank() && !prop("synchub.jtl.client-id").isBlank();
            default -> declared.stream().anyMatch(d -> d.target().equals(target) && d.enabled());
        };
    }

    public boolean jtlClientIdMissing() {
        return prop("synchub.jtl.client-id").isBlank();
    }

    public boolean jtlBaseUrlMissing() {
        return prop("synchub.jtl.base-url").isBlank();
    }

    public Set<String> enabledTargets() {
        Set<String> out = new LinkedHashSet<>();
        for (String t : new String[]{SHOPIFY, WOOCOMMERCE, JTL}) {
            if (enabled(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /** Whether a target only receives products that are already linked to it (it has no create path in the hub). */
    public boolean needsLink(String target) {
        return !JTL.equals(target);
    }

    public String shopifyGraphqlUrl() {
        return trimSlash(prop("synchub.channels.shopify.base-url")) + "/admin/api/"
                + env.getProperty("synchub.shopify.api-version", "2026-01") + "/graphql.json";
    }

    public String shopifyAccessToken() {
        return prop("synchub.channels.shopify.access-token");
    }

    public String wooBaseUrl() {
        return trimSlash(prop("synchub.channels.woocommerce.base-url")) + "/wp-json/wc/v3";
    }

    public String wooBasicAuth() {
        String pair = prop("synchub.channels.woocommerce.consumer-key") + ":" + prop("synchub.channels.woocommerce.consumer-secret");
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    public String jtlBaseUrl() {
        return trimSlash(prop("synchub.jtl.base-url"));
    }

    private String prop(String name) {
        return env.getProperty(name, "");
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
