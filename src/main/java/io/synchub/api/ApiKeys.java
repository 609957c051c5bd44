package io.synchub.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The API keys that open {@code /api/}: from SYNCHUB_API_KEYS, or, when none is set, one random key generated at
 * start-up and written to a file only the hub's user can read (it is never logged).
 */
@Component
public class ApiKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);
    private static final java.util.regex.Pattern TENANT = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@#+-]{0,99}");

    private final List<byte[]> keys;
    /** The tenant each key is bound to (same index as {@link #keys}; null: all tenants). */
    private final List<String> tenants;
    /** Each key's fingerprint, as requests record their caller (same index as {@link #keys}; computed once). */
    private final List<String> fingerprints;

    /**
     * @param configured comma-separated entries {@code key} or {@code key:tenant}; a key bound to a tenant sees only that
     *                   tenant's orders, queues, jobs and events
     */
    public ApiKeys(@Value("${synchub.api-keys:}") String configured, @Value("${synchub.api-key-file:./data/api-key}") String keyFile) {
        List<String> list = Arrays.stream(configured.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (list.isEmpty()) {
            list = List.of(generated(Path.of(keyFile)));
        }
        List<byte[]> k = new java.util.ArrayList<>();
        List<String> t = new java.util.ArrayList<>();
        for (String entry : list) {
            int colon = entry.lastIndexOf(':');
            String tenant = colon > 0 ? entry.substring(colon + 1).trim() : null;
            if (tenant != null && TENANT.matcher(tenant).matches()) {
                k.add(entry.substring(0, colon).trim().getBytes(StandardCharsets.UTF_8));
                t.add(tenant);
            } else {
                k.add(entry.getBytes(StandardCharsets.UTF_8));
                t.add(null);
            }
        }
        this.keys = List.copyOf(k);
        this.tenants = java.util.Collections.unmodifiableList(t);
        this.fingerprints = k.stream().map(ApiKeys::fingerprint).toList();
    }

    /** A key's public name: the first four bytes of its SHA-256, never the key. */
    static String fingerprint(byte[] key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key);
            return "api-key:" + HexFormat.of().formatHex(d, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String generated(Path file) {
        try {
            if (Files.exists(file)) {
                String existing = Files.readString(file).trim();
                if (!existing.isEmpty()) {
                    LOG.info("SYNCHUB_API_KEYS is not set: using the generated API key stored in {}", file.toAbsolutePath());
                    return existing;
                }
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String key = HexFormat.of().formatHex(random);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, key + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            LOG.info("SYNCHUB_API_KEYS is not set: generated an API key and wrote it to {} (send it as X-API-Key)",
                    file.toAbsolutePath());
            return key;
        } catch (IOException e) {
            throw new IllegalStateException("SYNCHUB_API_KEYS is not set and no key could be written to " + file.toAbsolutePath()
                    + ": " + e.getMessage() + ". Set SYNCHUB_API_KEYS.", e);
        }
    }

    /** The tenants configured keys are bound to (each once; keys bound to none add nothing). */
    public java.util.Set<String> tenants() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        tenants.stream().filter(java.util.Objects::nonNull).forEach(out::add);
        return out;
    }

    /** Constant-time check against every configured key. */
    public boolean valid(String presented) {
        return match(presented) != null;
    }

    /** A valid key, the tenant it is bound to (null: every tenant) and its fingerprint (who called, never the key). */
    public record Match(String tenant, String caller) {
    }

    /** The key presented, checked in constant time against every configured key; null when none matches. */
    public Match match(String presented) {
        if (presented == null || presented.isEmpty()) {
            return null;
        }
        byte[] p = presented.getBytes(StandardCharsets.UTF_8);
        int found = -1;
        for (int i = 0; i < keys.size(); i++) {
            if (MessageDigest.isEqual(keys.get(i), p)) {
                found = i;
            }
        }
        return found < 0 ? null : new Match(tenants.get(found), fingerprints.get(found));
    }
}
