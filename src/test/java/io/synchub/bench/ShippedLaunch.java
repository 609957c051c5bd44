package io.synchub.bench;

import io.synchub.support.HubProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The hub launched the way it ships: {@code java <the pom's JVM options> -jar synchub.jar} on the layout that
 * {@code java -Djarmode=tools -jar synchub-*.jar extract} makes (the application jar, its dependencies in {@code lib/}
 * named by its manifest's Class-Path), optionally with the class data sharing archive of a training run, as the
 * Dockerfile does. The packaged jar does not exist during {@code mvn test}, so the layout is assembled here from
 * {@code target/classes} (less what the pom's jar plugin leaves out of the jar: the simulators and the two files that
 * register them) and the runtime dependencies the bench profile lists in {@code target/bench-runtime-classpath.txt}.
 */
final class ShippedLaunch {

    static final Path RUNTIME_CLASSPATH = Path.of("target", "bench-runtime-classpath.txt");
    private static final List<String> NOT_IN_JAR = List.of("io/platformsim/", "META-INF/spring.factories",
            "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");

    final Path jar;
    final List<String> jvmOptions;

    private ShippedLaunch(Path jar, List<String> jvmOptions) {
        this.jar = jar;
        this.jvmOptions = jvmOptions;
    }

    /** The JVM options the hub ships with: the pom's {@code spring-boot.run.jvmArguments} (the Dockerfile sets the same). */
    static List<String> shippedJvmOptions() throws IOException {
        Matcher m = Pattern.compile("<spring-boot\\.run\\.jvmArguments>([^<]+)</spring-boot\\.run\\.jvmArguments>")
                .matcher(Files.readString(Path.of("pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("pom.xml has no spring-boot.run.jvmArguments");
        }
        return List.of(m.group(1).trim().split("\\s+"));
    }

    /** Lays out {@code dir/synchub.jar} and {@code dir/lib/*.jar} as the extracted jar has them. */
    static ShippedLaunch assemble(Path dir) throws IOException {
        if (!Files.exists(RUNTIME_CLASSPATH)) {
            throw new IllegalStateException(RUNTIME_CLASSPATH + " is missing: run the benchmarks with -Pbench");
        }
        Path lib = Files.createDirectories(dir.resolve("lib"));
        List<String> classPath = new ArrayList<>();
        for (String entry : Files.readString(RUNTIME_CLASSPATH).trim().split(java.io.File.pathSeparator)) {
            Path dependency = Path.of(entry);
            if (starter(dependency)) {
                continue; // Spring Boot's repackaging leaves the (empty) starter jars out
            }
            Files.copy(dependency, lib.resolve(dependency.getFileName()));
            classPath.add("lib/" + dependency.getFileName());
        }
        classPath.sort(Comparator.naturalOrder());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "io.synchub.SyncHubApplication");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        Path jar = dir.resolve("synchub.jar");
        Path classes = Path.of("target", "classes");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.walk(classes)) {
            // directory entries too: classpath scanning (components, Flyway's migration folders) looks them up
            for (Path file : files.filter(f -> !f.equals(classes)).sorted().toList()) {
                boolean folder = Files.isDirectory(file);
                String name = classes.relativize(file).toString().replace('\\', '/') + (folder ? "/" : "");
                if (NOT_IN_JAR.stream().noneMatch(name::startsWith) && !name.equals("META-INF/MANIFEST.MF")) {
                    out.putNextEntry(new JarEntry(name));
                    if (!folder) {
                        Files.copy(file, out);
                    }
                    out.closeEntry();
                }
            }
        }
        return new ShippedLaunch(jar, shippedJvmOptions());
    }

    private static boolean starter(Path jar) throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            return m != null && "dependencies-starter".equals(m.getMainAttributes().getValue("Spring-Boot-Jar-Type"));
        }
    }

    /** {@code java <shipped options> [extra] -jar synchub.jar}. */
    List<String> command(String... extraJvmOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(HubProcess.java());
        cmd.addAll(jvmOptions);
        cmd.addAll(Arrays.asList(extraJvmOptions));
        cmd.add("-jar");
        cmd.add(jar.toString());
        return cmd;
    }

    /**
     * The training run of the README and the Dockerfile: the hub starts completely (context, Flyway, routes), stops
     * by itself a second later, and the JVM writes the classes it loaded to {@code archive} on exit.
     */
    Path train(Path archive, Map<String, String> properties, Path log) throws IOException, InterruptedException {
        List<String> cmd = command("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
        cmd.add("--camel.main.duration-max-seconds=1");
        cmd.add("--server.port=" + HubProcess.freePort());
        cmd.add("--synchub.pos.websocket.port=" + HubProcess.freePort());
        properties.forEach((k, v) -> cmd.add("--" + k + "=" + v));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException("the training run did not end within 300 s; see " + log);
        }
        if (p.exitValue() != 0 || !Files.exists(archive) || Files.size(archive) == 0) {
            List<String> lines = Files.readAllLines(log);
            throw new IllegalStateException("the training run ended with " + p.exitValue() + " and no archive; its log ends:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
        }
        return archive;
    }

    /** The 1-minute load average of the machine (2 cores shared with other builds), for the report. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
