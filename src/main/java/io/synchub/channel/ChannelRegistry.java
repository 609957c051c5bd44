package io.synchub.channel;

import io.synchub.api.ApiException;
import io.synchub.platform.PlatformDeclaration;
import io.synchub.platform.PlatformRegistry;
import io.synchub.webhook.HmacSignature;
import io.synchub.webhook.SharedKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The channels of the hub: the default one per platform that declares webhooks (client {@code default}, the secret
 * its platform.yaml names, checked with its declared signature scheme: {@code hmac-sha256-base64}, {@code shared-key}
 * or {@code none}) and further ones from {@code mappings/channels.yaml}, whose secrets are named by environment
 * variable. A delivery from an account no channel knows is rejected, never guessed.
 */
@Component("channels")
public class ChannelRegistry {

    public static final String DEFAULT_CLIENT = "default";
    private static final Logger LOG = LoggerFactory.getLogger(ChannelRegistry.class);

    private final List<Channel> channels = new ArrayList<>();

    private final PlatformRegistry platforms;

    public ChannelRegistry(Environment env, PlatformRegistry platforms) {
        this.platforms = platforms;
        for (PlatformDeclaration p : platforms.all()) {
            if (p.hasWebhooks()) {
                addDefault(env, p);
            }
        }
        loadFile(env, Path.of(env.getProperty("synchub.mappings-dir", "mappings"), "channels.yaml"));
    }

    /** The default channel of a platform: its declared webhook secret (and {@code <VAR>_PREVIOUS} during a rotation). */
    private void addDefault(Environment env, PlatformDeclaration p) {
        if (PlatformDeclaration.NONE.equals(p.signatureScheme())) {
            channels.add(new Channel(p.origin(), DEFAULT_CLIENT, normalise(p.origin(), p.webhookAccount()), List.of()));
            return;
        }
        List<String> secrets = new ArrayList<>();
        if (!p.webhookSecret().isBlank()) {
            secrets.add(p.webhookSecret());
        }
        String previous = env.getProperty(p.webhookSecretVariable() + "_PREVIOUS", "");
        if (!previous.isBlank()) {
            secrets.add(previous);
        }
        if (secrets.isEmpty()) {
            LOG.info("{} webhooks are disabled for the default channel: set {} to accept them", p.origin(), p.webhookSecretVariable());
            return;
        }
        channels.add(new Channel(p.origin(), DEFAULT_CLIENT, normalise(p.origin(), p.webhookAccount()), secrets));
    }

    @SuppressWarnings("unchecked")
    private void loadFile(Environment env, Path file) {
        if (!Files.exists(file)) {
            return;
        }
        try (Reader r = Files.newBufferedReader(file)) {
            Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
            if (doc == null) {
                return;
            }
            for (Object raw : (List<Object>) doc.getOrDefault("channels", List.of())) {
                Map<String, Object> c = (Map<String, Object>) raw;
                String platform = String.valueOf(c.get("platform")).toUpperCase(Locale.ROOT);
                String secretEnv = String.valueOf(c.get("webhookSecretEnv"));
                String secret = env.getProperty(secretEnv, "");
                if (secret.isBlank()) {
                    LOG.warn("channel {} of client {} in {} is disabled: environment variable {} is not set",
                            c.get("account"), c.get("clientId"), file, secretEnv);
                    continue;
                }
                List<String> secrets = new ArrayList<>(List.of(secret));
                String previous = env.getProperty(secretEnv + "_PREVIOUS", "");
                if (!previous.isBlank()) {
                    secrets.add(previous);
                }
                channels.add(new Channel(platform, String.valueOf(c.get("clientId")),
                        normalise(platform, String.valueOf(c.get("account"))), secrets));
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The channel a signed delivery belongs to: the one named by its account key whose secret verifies the body,
     * else the catch-all default whose secret verifies it.
     *
     * @throws ApiException 401 when no channel's secret verifies the signature
     */
    public Channel verify(String platform, String accountKey, byte[] body, String signature) {
        String key = normalise(platform, accountKey);
        List<Channel> candidates = channels.stream().filter(c -> c.platform().equals(platform)).toList();
        if (candidates.isEmpty()) {
            throw new ApiException(401, "unauthorized", platform + " webhooks are not configured on this hub: set the "
                    + platforms.find(platform).map(PlatformDeclaration::webhookSecretVariable).orElse("webhook secret")
                    + " environment variable (or add a channel to mappings/channels.yaml)");
        }
        String scheme = platforms.find(platform).map(PlatformDeclaration::signatureScheme).orElse(PlatformDeclaration.HMAC_SHA256_BASE64);
        if (PlatformDeclaration.NONE.equals(scheme)) {
            return candidates.stream().filter(Channel::catchAll).findFirst().orElse(candidates.get(0));
        }
        if (signature == null || signature.isBlank()) {
            throw new ApiException(401, "unauthorized", "the delivery carries no signature header; only signed webhooks are accepted");
        }
        List<Channel> named = candidates.stream().filter(c -> !c.catchAll() && c.accountKey().equals(key)).toList();
        List<Channel> tryThese = named.isEmpty() ? candidates.stream().filter(Channel::catchAll).toList() : named;
        if (tryThese.isEmpty()) {
            throw new ApiException(401, "unauthorized", "no channel is configured for " + platform + " account '" + accountKey
                    + "'; add it to mappings/channels.yaml");
        }
        for (Channel c : tryThese) {
            for (String secret : c.secrets()) {
                if (PlatformDeclaration.SHARED_KEY.equals(scheme) ? SharedKey.matches(secret, signature)
                        : HmacSignature.matches(secret, body, signature)) {
                    return c;
                }
            }
        }
        throw new ApiException(401, "unauthorized", "the signature does not match the body; check the webhook secret configured for this "
                + platform + " account");
    }

    public List<Channel> all() {
        return List.copyOf(channels);
    }

    private static String normalise(String platform, String accountKey) {
        if (accountKey == null) {
            return null;
        }
        String k = accountKey.trim().toLowerCase(Locale.ROOT);
        // WooCommerce sends home_url('/') with a trailing slash; operators often configure it without one.
        return k.endsWith("/") ? k.substring(0, k.length() - 1) : k;
    }
}
