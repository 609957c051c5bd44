package io.synchub.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM limits that keep the hub under 768 MB resident are written in three places: the pom (mvn spring-boot:run),
 * the Dockerfile (JAVA_OPTS) and the README's jar commands. They must say the same, and the image must start with the
 * class data sharing archive its training run writes (same archive path, same jar, a throwaway database for training).
 */
class ShippedJvmOptionsTest {

    @Test
    void pomDockerfileAndReadmeShipTheSameJvmOptions() throws IOException {
        List<String> pom = options(find(Files.readString(Path.of("pom.xml")),
                "<spring-boot\\.run\\.jvmArguments>([^<]+)</spring-boot\\.run\\.jvmArguments>"));
        assertThat(pom).as("the pom's options").contains("-Xmx384m", "-XX:MaxMetaspaceSize=192m", "-XX:+UseSerialGC");

        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertThat(options(find(dockerfile, "ENV JAVA_OPTS=\"([^\"]+)\""))).as("the Dockerfile's JAVA_OPTS").isEqualTo(pom);

        String readme = Files.readString(Path.of("README.md")).replace("\\\n", " ");
        assertThat(options(find(readme, "\njava (-Xms.*?) -jar target/synchub-\\*\\.jar"))).as("the README's jar command").isEqualTo(pom);
        assertThat(options(find(readme, "\nJVM=\"([^\"]+)\""))).as("the README's JVM= for the unpacked jar").isEqualTo(pom);
    }

    @Test
    void theImageStartsWithTheArchiveOfItsTrainingRun() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile")).replace("\\\n", " ");
        String training = find(dockerfile, "\nRUN (.*-XX:ArchiveClassesAtExit=.*)\n");
        String entrypoint = find(dockerfile, "\nENTRYPOINT (.*)\n");
        String archive = find(training, "-XX:ArchiveClassesAtExit=(\\S+)");
        String jar = find(training, "-jar (\\S+)");

        assertThat(entrypoint).contains("-XX:SharedArchiveFile=" + archive, "$JAVA_OPTS", "-jar " + jar);
        assertThat(training).as("the training run: the shipped options, a database that leaves nothing in the image, an end")
                .contains("$JAVA_OPTS", "jdbc:h2:mem:", "--camel.main.duration-max-seconds=", "test -s " + archive);
        assertThat(dockerfile.indexOf("COPY routes")).as("the routes are in place for the training run")
                .isLessThan(dockerfile.indexOf(training));
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("/" + regex + "/ found").isTrue();
        return m.group(1);
    }

    private static List<String> options(String line) {
        List<String> options = new ArrayList<>();
        for (String option : line.trim().split("\\s+")) {
            options.add(option);
        }
        return options;
    }
}
