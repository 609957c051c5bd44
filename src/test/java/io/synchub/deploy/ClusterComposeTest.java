package io.synchub.deploy;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.cluster.yml, read as Compose reads it (no Docker engine here): layered on docker-compose.yml it runs
 * {@code --scale synchub=N} behind an nginx proxy. Scaling only works when the hub service has no fixed container name
 * and publishes no host ports of its own; the proxy waits for healthy hubs and forwards HTTP and the POS WebSocket port.
 */
class ClusterComposeTest {

    /** Compose's {@code !reset} tag: the overlay clears the base file's value. */
    static final Object RESET = new Object();

    @Test
    @SuppressWarnings("unchecked")
    void theClusterOverlayScalesTheHubBehindTheProxy() throws IOException {
        Map<String, Object> base = load("docker-compose.yml");
        Map<String, Object> overlay = load("docker-compose.cluster.yml");
        Map<String, Object> baseHub = (Map<String, Object>) ((Map<String, Object>) base.get("services")).get("synchub");
        Map<String, Object> services = (Map<String, Object>) overlay.get("services");
        Map<String, Object> hub = (Map<String, Object>) services.get("synchub");
        Map<String, Object> proxy = (Map<String, Object>) services.get("proxy");

        assertThat(baseHub).as("a fixed container_name makes --scale fail").doesNotContainKey("container_name");
        assertThat(baseHub).as("the proxy waits for healthy hubs: the hub needs a health check").containsKey("healthcheck");
        assertThat(hub.get("ports")).as("replicas publish no host ports (they would collide)").isSameAs(RESET);

        assertThat(String.valueOf(proxy.get("image"))).startsWith("nginx");
        assertThat((List<String>) proxy.get("ports")).containsExactly("8080:8080", "8081:8081");
        Map<String, Object> dependsOn = (Map<String, Object>) proxy.get("depends_on");
        assertThat(((Map<String, Object>) dependsOn.get("synchub")).get("condition")).isEqualTo("service_healthy");
        String mount = ((List<String>) proxy.get("volumes")).get(0);
        Path conf = Path.of(mount.substring(0, mount.indexOf(':')));
        assertThat(conf).as("the proxy's configuration file").exists();

        String nginx = Files.readString(conf);
        assertThat(nginx).contains("server synchub:8080;", "server synchub:8081;", "proxy_set_header Upgrade $http_upgrade;")
                .as("re-resolves the service name so scaled replicas are found").contains("resolver 127.0.0.11");
        String directives = nginx.lines().filter(l -> !l.strip().startsWith("#")).reduce("", (a, b) -> a + b + "\n");
        assertThat(directives).as("no sticky sessions: notifications reach every instance").doesNotContain("ip_hash", "sticky", "hash ");
    }

    private static Map<String, Object> load(String file) throws IOException {
        SafeConstructor constructor = new SafeConstructor(new LoaderOptions()) {
            {
                yamlConstructors.put(new Tag("!reset"), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        return RESET;
                    }
                });
            }
        };
        return new Yaml(constructor).load(Files.readString(Path.of(file)));
    }
}
