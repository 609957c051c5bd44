package io.synchub.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hub as a separate operating-system process (same classpath as the tests), so a test can kill it with
 * SIGKILL and start it again on the same database.
 */
public final class HubProcess implements AutoCloseable {

    private final Process process;
    public final int port;

    private HubProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static HubProcess start(Map<String, String> properties, Path log) throws IOException {
        return start(freePort(), properties, log);
    }

    /** Starts the hub on a given HTTP port (a restart on the same address) and waits until it is healthy. */
    public static HubProcess start(int port, Map<String, String> properties, Path log) throws IOException {
        List<String> launch = new ArrayList<>(List.of(java(), "-Xmx512m"));
        // -Dbench.hub.jvm-options="-XX:StartFlightRecording:filename=hub.jfr,settings=profile" profiles the hub of a run
        String extra = System.getProperty("bench.hub.jvm-options", "").trim();
        if (!extra.isEmpty()) {
            launch.addAll(List.of(extra.split("\\s+")));
        }
        launch.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.synchub.SyncHubApplication"));
        return start(launch, port, properties, log);
    }

    /**
     * Starts the hub with a launch command of the caller's (the java executable, JVM options and {@code -jar app.jar} or
     * a main class) followed by the port and property arguments, and waits until it is healthy.
     */
    public static HubProcess start(List<String> launch, int port, Map<String, String> properties, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(launch);
        cmd.add("--server.port=" + port);
        if (!properties.containsKey("synchub.pos.websocket.port")) {
            // a caller that connects POS clients chooses the port itself; a repeated argument would become "a,b"
            cmd.add("--synchub.pos.websocket.port=" + freePort());
        }
        properties.forEach((k, v) -> cmd.add("--" + k + "=" + v));
        Process p = new ProcessBuilder(cmd).directory(new File(".")).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        HubProcess hub = new HubProcess(p, port);
        hub.awaitHealthy(Duration.ofSeconds(240), log);
        return hub;
    }

    private void awaitHealthy(Duration timeout, Path log) {
        HttpClient http = HttpClient.newHttpClient();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the hub process exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        kill();
        throw new IllegalStateException("the hub process did not become healthy within " + timeout + "; see " + log);
    }

    /** The java executable of the JVM running the tests. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The operating-system process id (benchmarks read its CPU time from /proc). */
    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hooks, no graceful close. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
