package io.platformsim.core;

/** How one platform shapes an error body (Shopify {@code {"errors":…}}, WooCommerce {@code {code,message,data}}, …). */
@FunctionalInterface
public interface ErrorStyle {

    SimResponse error(int status, String code, String message);
}
