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
    private final List<byte[]> keys;

    public ApiKeys(@Value("${synchub.api-keys:}") String configured, @Value("${synchub.api-key-file:./data/api-key}") String keyFile) {
        List<String> list = Arrays.stream(configured.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (list.isEmpty()) {
            list = List.of(generated(Path.of(keyFile)));
        }
        this.keys = list.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
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

    /** Constant-time check against every configured key. */
    public boolean valid(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        byte[] p = presented.getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (byte[] k : keys) {
            ok |= MessageDigest.isEqual(k, p);
        }
        return ok;
    }
}
