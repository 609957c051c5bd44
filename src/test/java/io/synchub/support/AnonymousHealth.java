package io.synchub.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What an anonymous caller may see of /actuator/health: the status and, with the probes on, the probe group names. */
public final class AnonymousHealth {

    private AnonymousHealth() {
    }

    public static void assertStatusOnly(String body, String status) {
        JsonNode json = CanonicalJson.parse(body);
        assertThat(json.path("status").asText()).as("health status in " + body).isEqualTo(status);
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as("anonymous health shows no components or details: " + body).isSubsetOf("status", "groups");
        json.path("groups").forEach(g -> assertThat(g.asText()).isIn("liveness", "readiness"));
    }
}
