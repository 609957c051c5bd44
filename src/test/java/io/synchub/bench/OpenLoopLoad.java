package io.synchub.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * An open-loop HTTP load on loopback: request i is sent at start + i/rate whatever the server answers (asynchronously,
 * so a slow answer never delays the schedule), and its latency counts from its scheduled time — queueing in the server
 * cannot hide. Bounded in count; it stops by itself.
 */
final class OpenLoopLoad {

    /** scheduled: wall-clock send time of each request; latenciesMs: scheduled send → answer, in request order. */
    record Sent(Instant[] scheduled, double[] latenciesMs, int failures, double offeredRate) {
    }

    private OpenLoopLoad() {
    }

    static Sent send(int ratePerSecond, int count, IntFunction<HttpRequest> request) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool).build();
        Instant[] scheduled = new Instant[count];
        double[] latencies = new double[count];
        AtomicInteger failures = new AtomicInteger();
        List<CompletableFuture<?>> inFlight = new ArrayList<>(count);
        long intervalNs = 1_000_000_000L / ratePerSecond;
        Instant wallStart = Instant.now();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * intervalNs;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            scheduled[i] = wallStart.plusNanos(due - start);
            int index = i;
            inFlight.add(http.sendAsync(request.apply(i), HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                latencies[index] = (System.nanoTime() - due) / 1e6;
                if (e != null || r.statusCode() != 200) {
                    failures.incrementAndGet();
                }
            }));
        }
        double offered = count / ((System.nanoTime() - start) / 1e9);
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
        pool.shutdown();
        return new Sent(scheduled, latencies, failures.get(), offered);
    }
}
