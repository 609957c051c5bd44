package io.synchub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the operator may ask Jolokia: reading (read, list, search, version) any MBean but the JVM's diagnostic ones,
 * and executing only Camel's route and inspection operations, over POST. Never {@code HotSpotDiagnostic} (heap dumps
 * to any path), {@code DiagnosticCommand} (including {@code jvmtiAgentLoad}), writes, or GET exec (a link or an image
 * tag must not stop a route).
 */
final class JolokiaPolicy {

    private static final Set<String> READS = Set.of("read", "list", "search", "version");
    private static final Pattern NEVER = Pattern.compile("(?i)hotspotdiagnostic|diagnosticcommand|jvmtiagentload|"
            + "type=threading.*dump|flightrecorder|com\\.sun\\.management");
    private static final Pattern CAMEL_OPERATION = Pattern.compile(
            "(?i)(start|stop|suspend|resume|restart|reset|dump|browse|get|is|list|count|explain|query|info)\\w*(\\(.*\\))?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private JolokiaPolicy() {
    }

    /** Null when allowed, else the reason. {@code path} is the part after /actuator/jolokia. */
    static String refuseGet(String path, String query) {
        if (query != null && (query.startsWith("p=") || query.contains("&p="))) {
            return "Jolokia requests go in the path or a POST body, not in ?p=";
        }
        String p = path == null ? "" : path.replaceAll("^/+", "");
        if (p.isEmpty()) {
            return null;
        }
        String type = p.split("/", 2)[0].toLowerCase(Locale.ROOT);
        if (!READS.contains(type)) {
            return "only read, list, search and version are allowed over GET; operations need POST";
        }
        return NEVER.matcher(p).find() ? "the JVM diagnostic MBeans are not reachable" : null;
    }

    /** Null when every request of the POST body (one object or an array) is allowed, else the reason. */
    static String refusePost(byte[] body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            return "the body is not a Jolokia JSON request";
        }
        if (json == null) {
            return "the body is not a Jolokia JSON request";
        }
        if (json.isArray()) {
            for (JsonNode request : json) {
                String refused = refuse(request);
                if (refused != null) {
                    return refused;
                }
            }
            return null;
        }
        return refuse(json);
    }

    private static String refuse(JsonNode request) {
        if (!request.isObject()) {
            return "each Jolokia request must be a JSON object";
        }
        if (NEVER.matcher(request.toString()).find()) {
            return "the JVM diagnostic MBeans are not reachable";
        }
        String type = request.path("type").asText("").toLowerCase(Locale.ROOT);
        if (READS.contains(type)) {
            return null;
        }
        if ("exec".equals(type)) {
            String mbean = request.path("mbean").asText("");
            String operation = request.path("operation").asText("");
            if (mbean.startsWith("org.apache.camel:") && CAMEL_OPERATION.matcher(operation).matches()) {
                return null;
            }
            if (mbean.equals("hawtio:type=security,name=RBACRegistry") && operation.startsWith("list")) {
                return null;
            }
            return "only Camel route operations (start, stop, suspend, resume, inspection) may be executed";
        }
        return "Jolokia '" + type + "' requests are not allowed (read-only, plus Camel route operations)";
    }
}
