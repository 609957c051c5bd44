package io.synchub.orders;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.orders.SseTestClient.Event;
import io.synchub.support.HubClient.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Washing-bay queues and jobs over REST, and their events to a dashboard following one bay (useWashingBaySync(bayId)). */
class BayQueueJobTest extends OrderTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void queueAndJobUpdatesReachAClientFilteredByBay() {
        hub.post("/api/v1/orders", AxBillingWorkflowTest.axOrder("ORDER-030", ""));
        try (SseTestClient bay1 = sse("?bayId=BAY-1"); SseTestClient jobsOnly = sse("?bayId=BAY-1&eventTypes=job_update");
             SseTestClient order = sse("?orderID=ORDER-030")) {
            assertThat(bay1.next(WAIT).name()).isEqualTo("connected");
            assertThat(jobsOnly.next(WAIT).name()).isEqualTo("connected");
            assertThat(order.next(WAIT).name()).isEqualTo("connected");

            Response q = hub.put("/api/v1/queues/BAY-1", """
                    {"status":"busy","waiting":[{"orderID":"ORDER-031","position":1,"eta":"2026-12-01T10:30:00Z"},{"orderID":"ORDER-032"}]}""");
            assertThat(q.status()).isEqualTo(200);
            assertThat(q.json().get("waiting").get(1).get("position").asInt()).isEqualTo(2);
            assertThat(hub.put("/api/v1/queues/BAY-2", "{\"status\":\"available\"}").status()).isEqualTo(200);
            Response job = hub.post("/api/v1/jobs", "{\"jobId\":\"JOB-1\",\"bayId\":\"BAY-1\",\"orderID\":\"ORDER-030\"}");
            assertThat(job.status()).isEqualTo(201);
            assertThat(job.json().get("status").asText()).isEqualTo("queued");
            assertThat(hub.post("/api/v1/jobs", "{\"jobId\":\"JOB-2\",\"bayId\":\"BAY-2\"}").status()).isEqualTo(201);
            Response running = hub.patch("/api/v1/jobs/JOB-1", "{\"status\":\"running\",\"progress\":40}");
            assertThat(running.status()).isEqualTo(200);
            assertThat(running.json().get("startedAt").isNull()).isFalse();

            Event queueUpdate = bay1.next(WAIT);
            assertThat(queueUpdate.name()).isEqualTo("queue_update");
            JsonNode qd = CanonicalJson.parse(queueUpdate.data()).get("data");
            assertThat(qd.get("queue").get("bayId").asText()).isEqualTo("BAY-1");
            assertThat(qd.get("queue").get("status").asText()).isEqualTo("busy");
            Event created = bay1.next(WAIT);
            assertThat(created.name()).isEqualTo("job_update");
            assertThat(CanonicalJson.parse(created.data()).get("orderID").asText()).isEqualTo("ORDER-030");
            Event progress = bay1.next(WAIT);
            JsonNode pd = CanonicalJson.parse(progress.data()).get("data");
            assertThat(pd.get("previousStatus").asText()).isEqualTo("queued");
            assertThat(pd.get("job").get("status").asText()).isEqualTo("running");
            assertThat(pd.get("job").get("progress").asInt()).isEqualTo(40);
            assertThat(bay1.drain(Duration.ofMillis(800))).as("nothing about BAY-2").isEmpty();

            assertThat(jobsOnly.next(WAIT).name()).isEqualTo("job_update");
            assertThat(jobsOnly.next(WAIT).name()).isEqualTo("job_update");
            assertThat(jobsOnly.drain(Duration.ofMillis(300))).isEmpty();
            assertThat(order.next(WAIT).name()).as("the order's dashboard sees its job too").isEqualTo("job_update");
        }

        assertThat(hub.patch("/api/v1/jobs/JOB-1", "{\"status\":\"done\"}").json().get("progress").asInt()).isEqualTo(100);
        Response back = hub.patch("/api/v1/jobs/JOB-1", "{\"status\":\"running\"}");
        assertThat(back.status()).isEqualTo(409);
        assertThat(back.json().get("message").asText()).contains("done", "none (final)");
        JsonNode active = hub.get("/api/v1/jobs?bayId=BAY-1&active=true").json();
        assertThat(active.get("total").asLong()).isZero();
        assertThat(hub.get("/api/v1/jobs?bayId=BAY-1").json().get("items").findValuesAsText("jobId")).containsExactly("JOB-1");
        assertThat(hub.get("/api/v1/jobs?active=true").json().get("items").findValuesAsText("jobId")).containsExactly("JOB-2");
        assertThat(hub.get("/api/v1/jobs/JOB-1").json().get("finishedAt").isNull()).isFalse();
        assertThat(hub.get("/api/v1/queues/BAY-1").json().get("waiting")).hasSize(2);
        assertThat(hub.get("/api/v1/queues").json().get("items").findValuesAsText("bayId")).containsExactly("BAY-1", "BAY-2");
        assertThat(hub.get("/api/v1/queues?status=available").json().get("items").findValuesAsText("bayId")).containsExactly("BAY-2");
    }

    @Test
    void invalidQueuesAndJobsAre422AndChangeNothing() {
        long before = jdbc.queryForObject("SELECT COUNT(*) FROM order_events", Long.class);
        assertThat(hub.put("/api/v1/queues/BAY-9", "{\"status\":\"flooded\"}").status()).isEqualTo(422);
        Response dup = hub.put("/api/v1/queues/BAY-9", "{\"status\":\"busy\",\"waiting\":[{\"orderID\":\"A\"},{\"orderID\":\"A\"}]}");
        assertThat(dup.status()).isEqualTo(422);
        assertThat(dup.json().get("message").asText()).contains("waits twice");
        assertThat(hub.put("/api/v1/queues/BAY-9", "{\"status\":\"busy\",\"waiting\":[{\"orderID\":\"A\",\"eta\":\"soon\"}]}").status()).isEqualTo(422);
        assertThat(hub.post("/api/v1/jobs", "{\"bayId\":\"BAY 9\"}").status()).isEqualTo(422);
        assertThat(hub.post("/api/v1/jobs", "{\"bayId\":\"BAY-9\",\"progress\":140}").status()).isEqualTo(422);
        assertThat(hub.post("/api/v1/jobs", "{\"bayId\":\"BAY-9\",\"status\":\"exploded\"}").status()).isEqualTo(422);
        assertThat(hub.patch("/api/v1/jobs/NOPE", "{\"status\":\"running\"}").status()).isEqualTo(404);
        assertThat(hub.get("/api/v1/queues/BAY-9").status()).isEqualTo(404);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_events", Long.class)).isEqualTo(before);

        Response generated = hub.post("/api/v1/jobs", "{\"bayId\":\"BAY-9\"}");
        assertThat(generated.status()).isEqualTo(201);
        assertThat(generated.json().get("jobId").asText()).startsWith("JOB-");
        assertThat(hub.put("/api/v1/queues/BAY-9", "{\"status\":\"maintenance\"}").status()).isEqualTo(200);
        long after = jdbc.queryForObject("SELECT COUNT(*) FROM order_events", Long.class);
        assertThat(hub.put("/api/v1/queues/BAY-9", "{\"status\":\"maintenance\"}").status()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_events", Long.class)).as("the same state again is no event").isEqualTo(after);
    }
}
