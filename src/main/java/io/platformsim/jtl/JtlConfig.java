package io.platformsim.jtl;

import io.platformsim.core.CatalogueSpec;
import io.platformsim.core.Secrets;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the simulated JTL Fulfillment Network merchant account: OAuth client, the first refresh token (the
 * simulator rotates it on every use), access-token lifetime, warehouses, and the chunk size of the /updates feeds.
 */
public record JtlConfig(int port, String clientId, String clientSecret, String initialRefreshToken, Duration accessTokenTtl,
                        CatalogueSpec catalogue, List<String> warehouses, int chunkSize) {

    public static JtlConfig defaults() {
        return new JtlConfig(0, Secrets.random("ffn-client-", 9), Secrets.random("", 24), Secrets.random("rt_", 24),
                Duration.ofSeconds(1800), CatalogueSpec.of(50, 42), List.of("FULF04SIM-00001-0001", "FULF04SIM-00001-0002"), 100);
    }

    public JtlConfig withPort(int p) {
        return new JtlConfig(p, clientId, clientSecret, initialRefreshToken, accessTokenTtl, catalogue, warehouses, chunkSize);
    }

    public JtlConfig withCatalogue(CatalogueSpec spec) {
        return new JtlConfig(port, clientId, clientSecret, initialRefreshToken, accessTokenTtl, spec, warehouses, chunkSize);
    }

    public JtlConfig withChunkSize(int size) {
        return new JtlConfig(port, clientId, clientSecret, initialRefreshToken, accessTokenTtl, catalogue, warehouses, size);
    }

    public JtlConfig withAccessTokenTtl(Duration ttl) {
        return new JtlConfig(port, clientId, clientSecret, initialRefreshToken, ttl, catalogue, warehouses, chunkSize);
    }

    public JtlConfig withCredentials(String id, String secret, String refreshToken) {
        return new JtlConfig(port, id, secret, refreshToken, accessTokenTtl, catalogue, warehouses, chunkSize);
    }
}
