package io.platformsim.core;

import java.security.SecureRandom;
import java.util.Base64;

/** Random credentials for simulated accounts (tokens, webhook secrets, client secrets). */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** {@code prefix} followed by {@code bytes} random bytes, base64url without padding. */
    public static String random(String prefix, int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
