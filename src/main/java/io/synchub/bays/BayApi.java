package io.synchub.bays;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.api.ApiException;
import io.synchub.api.JsonBody;
import io.synchub.api.Paging;
import io.synchub.api.Tenants;
import io.synchub.canonical.CanonicalJson;
import io.synchub.orders.events.EventSubject;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The washing-bay endpoints (called from {@code routes/api-bays.yaml}): queues per bay and jobs. The tenant is the
 * API key's when it is bound to one, else {@code tenantId} (query or body), else none.
 */
@Component("bayApi")
public class BayApi {

    private static final int MAX_WAITING = 200;

    private final BayQueueStore queues;
    private final BayJobStore jobs;

    public BayApi(BayQueueStore queues, BayJobStore jobs) {
        this.queues = queues;
        this.jobs = jobs;
    }

    /** PUT {@code {"status":"available|busy|maintenance","waiting":[{"orderID","position","eta"}]}}. */
    public String putQueue(@Header("bayId") String bayId, @Header("tenantId") String tenantParam, @Header(Tenants.HEADER) String bound,
                           String body) {
        ObjectNode in = JsonBody.object(body);
        List<String> errors = new ArrayList<>();
        String bay = id("bayId", bayId, errors);
        String tenant = tenant(tenantParam, in, bound, errors);
        JsonNode s = in.get("status");
        BayStatus status = s == null || !s.isTextual() ? null : BayStatus.fromWire(s.asText());
        if (status == null) {
            errors.add("'status' must be one of " + BayStatus.allWire() + ", got " + (s == null ? "nothing" : s));
        }
        ArrayNode waiting = CanonicalJson.MAPPER.createArrayNode();
        JsonNode w = in.get("waiting");
        if (w != null && !w.isNull()) {
            if (!w.isArray() || w.size() > MAX_WAITING) {
                errors.add("'waiting' must be an array of at most " + MAX_WAITING + " {\"orderID\", \"position\", \"eta\"}");
            } else {
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < w.size(); i++) {
                    waiting.add(waitingEntry(w.get(i), i, seen, errors));
                }
            }
        }
        for (var it = in.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of("status", "waiting", "tenantId", "bayId").contains(f)) {
                errors.add("unknown field '" + f + "'");
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.unprocessable("the queue is invalid: " + String.join("; ", errors));
        }
        return CanonicalJson.write(queues.put(tenant, bay, status, waiting));
    }

    public String getQueue(@Header("bayId") String bayId, @Header("tenantId") String tenantParam, @Header(Tenants.HEADER) String bound) {
        List<String> errors = new ArrayList<>();
        String bay = id("bayId", bayId, errors);
        String tenant = tenant(tenantParam, null, bound, errors);
        failOn(errors);
        return CanonicalJson.write(queues.get(tenant, bay));
    }

    public String listQueues(@Header("status") String status, @Header("tenantId") String tenantParam, @Header(Tenants.HEADER) String bound,
                             @Header("limit") String limit, @Header("offset") String offset) {
        BayStatus st = null;
        if (status != null && !status.isBlank()) {
            st = BayStatus.fromWire(status.trim());
            if (st == null) {
                throw ApiException.badRequest("'status' must be one of " + BayStatus.allWire() + ", got '" + status + "'");
            }
        }
        return CanonicalJson.write(queues.list(listTenant(tenantParam, bound), st, Paging.of(limit, offset)));
    }

    /** POST {@code {"jobId"?, "bayId", "orderID"?, "status"? (queued), "progress"? (0)}}: 201 with the job. */
    public String createJob(String body, @Header(Tenants.HEADER) String bound, Exchange exchange) {
        ObjectNode in = JsonBody.object(body);
        List<String> errors = new ArrayList<>();
        String tenant = tenant(null, in, bound, errors);
        String jobId = in.hasNonNull("jobId") ? id("jobId", text(in.get("jobId")), errors) : null;
        String bay = id("bayId", text(in.get("bayId")), errors);
        String order = in.hasNonNull("orderID") ? id("orderID", text(in.get("orderID")), errors) : null;
        JobStatus status = in.hasNonNull("status") ? jobStatus(in.get("status"), errors) : JobStatus.QUEUED;
        Integer progress = in.hasNonNull("progress") ? progress(in.get("progress"), errors) : Integer.valueOf(0);
        for (var it = in.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of("jobId", "bayId", "orderID", "status", "progress", "tenantId").contains(f)) {
                errors.add("unknown field '" + f + "'");
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.unprocessable("the job is invalid: " + String.join("; ", errors));
        }
        ObjectNode job = jobs.create(tenant, jobId, bay, order, status, progress == null ? 0 : progress);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        exchange.getMessage().setHeader("Location", "/api/v1/jobs/" + job.get("jobId").asText());
        return CanonicalJson.write(job);
    }

    /** PATCH {@code {"status"?, "progress"?}}. */
    public String patchJob(@Header("jobId") String jobId, @Header("tenantId") String tenantParam, @Header(Tenants.HEADER) String bound,
                           String body) {
        ObjectNode in = JsonBody.object(body);
        List<String> errors = new ArrayList<>();
        String id = id("jobId", jobId, errors);
        String tenant = tenant(tenantParam, in, bound, errors);
        JobStatus status = in.hasNonNull("status") ? jobStatus(in.get("status"), errors) : null;
        Integer progress = in.hasNonNull("progress") ? progress(in.get("progress"), errors) : null;
        for (var it = in.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of("status", "progress", "tenantId").contains(f)) {
                errors.add("unknown field '" + f + "' (a job's status and progress change; bay and order are set when it is created)");
            }
        }
        if (status == null && progress == null && errors.isEmpty()) {
            errors.add("send {\"status\"} and/or {\"progress\"}");
        }
        if (!errors.isEmpty()) {
            throw ApiException.unprocessable("the change is invalid: " + String.join("; ", errors));
        }
        return CanonicalJson.write(jobs.patch(tenant, id, status, progress));
    }

    public String getJob(@Header("jobId") String jobId, @Header("tenantId") String tenantParam, @Header(Tenants.HEADER) String bound) {
        List<String> errors = new ArrayList<>();
        String id = id("jobId", jobId, errors);
        String tenant = tenant(tenantParam, null, bound, errors);
        failOn(errors);
        return CanonicalJson.write(jobs.get(tenant, id));
    }

    /** GET /api/v1/jobs?bayId=&orderID=&status=&active=true. */
    public String listJobs(@Header("bayId") String bayId, @Header("orderID") String orderId, @Header("status") String status,
                           @Header("active") String active, @Header("tenantId") String tenantParam, @Header(Tenants.HEADER) String bound,
                           @Header("limit") String limit, @Header("offset") String offset) {
        List<String> errors = new ArrayList<>();
        String bay = bayId == null || bayId.isBlank() ? null : id("bayId", bayId.trim(), errors);
        String order = orderId == null || orderId.isBlank() ? null : id("orderID", orderId.trim(), errors);
        JobStatus st = status == null || status.isBlank() ? null : JobStatus.fromWire(status.trim());
        if (status != null && !status.isBlank() && st == null) {
            errors.add("'status' must be one of " + JobStatus.allWire() + ", got '" + status + "'");
        }
        if (active != null && !active.isBlank() && !active.equals("true") && !active.equals("false")) {
            errors.add("'active' must be true or false");
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(String.join("; ", errors));
        }
        return CanonicalJson.write(jobs.list(listTenant(tenantParam, bound), bay, order, st, "true".equals(active), Paging.of(limit, offset)));
    }

    // --- checks ---

    private static void failOn(List<String> errors) {
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(String.join("; ", errors));
        }
    }

    private static String text(JsonNode v) {
        return v == null || !v.isTextual() ? (v == null || v.isNull() ? null : v.toString()) : v.asText();
    }

    private static String id(String name, String value, List<String> errors) {
        if (value == null || !EventSubject.ID.matcher(value).matches()) {
            errors.add("'" + name + "' must be letters, digits and . _ : @ # + - (at most 100 characters), got " + (value == null ? "nothing" : "'" + value + "'"));
            return null;
        }
        return value;
    }

    /** The tenant of a single-item request: the key's, else the one asked for, else none (''). */
    private static String tenant(String param, JsonNode body, String boundHeader, List<String> errors) {
        String bound = Tenants.bound(boundHeader);
        String asked = param != null && !param.isBlank() ? param.trim() : body != null && body.hasNonNull("tenantId") ? text(body.get("tenantId")) : null;
        if (asked != null && !EventSubject.ID.matcher(asked).matches()) {
            errors.add("'tenantId' must be letters, digits and . _ : @ # + - (at most 100 characters)");
            return "";
        }
        if (bound != null) {
            if (asked != null && !asked.equals(bound)) {
                throw ApiException.notFound("tenant " + asked);
            }
            return bound;
        }
        return asked == null ? "" : asked;
    }

    /** The tenant a list is limited to: the key's, else the one asked for, else all (null). */
    private static String listTenant(String param, String boundHeader) {
        List<String> errors = new ArrayList<>();
        if (param == null || param.isBlank()) {
            return Tenants.bound(boundHeader);
        }
        String t = tenant(param, null, boundHeader, errors);
        failOn(errors);
        return t;
    }

    private static JobStatus jobStatus(JsonNode v, List<String> errors) {
        JobStatus s = v.isTextual() ? JobStatus.fromWire(v.asText()) : null;
        if (s == null) {
            errors.add("'status' must be one of " + JobStatus.allWire() + ", got " + v);
        }
        return s;
    }

    private static Integer progress(JsonNode v, List<String> errors) {
        if (!v.canConvertToExactIntegral() || v.asInt() < 0 || v.asInt() > 100) {
            errors.add("'progress' must be a whole number from 0 to 100, got " + v);
            return null;
        }
        return v.asInt();
    }

    private static ObjectNode waitingEntry(JsonNode e, int i, Set<String> seen, List<String> errors) {
        ObjectNode out = CanonicalJson.object();
        String at = "'waiting[" + i + "]";
        if (!e.isObject()) {
            errors.add(at + "' must be {\"orderID\", \"position\", \"eta\"}");
            return out;
        }
        String order = e.path("orderID").isTextual() ? e.get("orderID").asText() : null;
        if (order == null || !EventSubject.ID.matcher(order).matches()) {
            errors.add(at + ".orderID' must be an order id, got " + e.path("orderID"));
        } else if (!seen.add(order)) {
            errors.add(at + ".orderID' " + order + " waits twice");
        }
        out.put("orderID", order);
        JsonNode p = e.get("position");
        if (p == null || p.isNull()) {
            out.put("position", i + 1);
        } else if (!p.canConvertToExactIntegral() || p.asInt() < 1 || p.asInt() > 10_000) {
            errors.add(at + ".position' must be a whole number ≥ 1, got " + p);
        } else {
            out.put("position", p.asInt());
        }
        JsonNode eta = e.get("eta");
        if (eta != null && !eta.isNull()) {
            try {
                out.put("eta", OffsetDateTime.parse(eta.asText()).toInstant().toString());
            } catch (DateTimeParseException ex) {
                errors.add(at + ".eta' must be an ISO-8601 time with offset such as 2026-01-31T12:00:00Z, got " + eta);
            }
        } else {
            out.putNull("eta");
        }
        return out;
    }
}
