package io.synchub.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every platform the hub knows, one per {@code mappings/<id>/platform.yaml}: a new platform is a new folder, never a
 * Java edit. Each file is validated when the hub starts (a broken one stops the start, naming the file). A platform
 * whose required settings are missing is disabled with one log line naming the variables to set; its dispatcher and
 * polls stay idle (their routes ask {@link #enabled}).
 */
@Component("platforms")
public class PlatformRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformRegistry.class);

    private final List<PlatformDeclaration> all;

    public PlatformRegistry(@Value("${synchub.mappings-dir:mappings}") String mappingsDir, Environment env) {
        this.all = load(Path.of(mappingsDir), env);
        for (PlatformDeclaration p : all) {
            if (!p.enabled()) {
                LOG.info("platform {} is disabled: set {} to enable it", p.id(), p.enableHint());
            }
        }
    }

    /** Reads and validates every {@code <dir>/<id>/platform.yaml}. */
    public static List<PlatformDeclaration> load(Path dir, Environment env) {
        List<PlatformDeclaration> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path folder : folders) {
                Path file = folder.resolve("platform.yaml");
                if (Files.exists(file)) {
                    out.add(new PlatformDeclaration(file, read(file), env));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(PlatformDeclaration::id));
        return out;
    }

    private static JsonNode read(Path file) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonNode tree = CanonicalJson.MAPPER.valueToTree(new Yaml(new SafeConstructor(new LoaderOptions())).load(in));
            if (tree == null || !tree.isObject()) {
                throw new IllegalStateException(file + " must hold a YAML mapping");
            }
            return tree;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public List<PlatformDeclaration> all() {
        return all;
    }

    /** The platform of an origin/target name (SHOPIFY) or id (shopify). */
    public Optional<PlatformDeclaration> find(String originOrId) {
        if (originOrId == null) {
            return Optional.empty();
        }
        return all.stream().filter(p -> p.origin().equals(originOrId) || p.id().equals(originOrId.toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    public PlatformDeclaration get(String originOrId) {
        return find(originOrId).orElseThrow(() -> new IllegalArgumentException("no platform '" + originOrId
                + "' is declared (mappings/<id>/platform.yaml)"));
    }

    public boolean enabled(String originOrId) {
        return find(originOrId).map(PlatformDeclaration::enabled).orElse(false);
    }

    /**
     * The flow an inbox delivery goes to, {@code <id>-<flow>} as in {@code direct:inbound-<id>-<flow>}, or null when
     * the platform declares no flow for the topic.
     */
    public String inboundFlow(String origin, String topic) {
        return find(origin).map(p -> {
            String flow = p.topics().get(topic);
            return flow == null ? null : p.id() + "-" + flow;
        }).orElse(null);
    }

    /**
     * The flow that takes a run of this topic's deliveries at once, {@code <id>-<flow>} as in
     * {@code direct:inbound-<id>-<flow>-run}, or null when the platform declares none for the topic ({@code runs:}).
     */
    public String runFlow(String origin, String topic) {
        return find(origin).map(p -> {
            String flow = p.topics().get(topic);
            return flow != null && p.runFlows().contains(flow) ? p.id() + "-" + flow : null;
        }).orElse(null);
    }

    public String baseUrl(String originOrId) {
        return get(originOrId).baseUrl();
    }

    public String setting(String originOrId, String name) {
        return get(originOrId).setting(name);
    }

    public String authHeader(String originOrId) {
        return get(originOrId).authHeader();
    }

    public String authValue(String originOrId) {
        return get(originOrId).authValue();
    }

    public double requestsPerSecond(String originOrId) {
        return get(originOrId).requestsPerSecond();
    }

    /** Sets the platform's declared auth header on the outgoing call (the connector's "authorize" step). */
    public void authorize(Exchange exchange, String originOrId) {
        PlatformDeclaration p = get(originOrId);
        if (!p.authHeader().isBlank()) {
            exchange.getMessage().setHeader(p.authHeader(), p.authValue());
        }
    }
}
