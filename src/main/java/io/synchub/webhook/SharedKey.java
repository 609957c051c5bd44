package io.synchub.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** A shared validation key sent as is in a header (Ploomes' X-Ploomes-Validation-Key), compared in constant time. */
public final class SharedKey {

    private SharedKey() {
    }

    public static boolean matches(String secret, String given) {
        return given != null && MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), given.trim().getBytes(StandardCharsets.UTF_8));
    }
}
