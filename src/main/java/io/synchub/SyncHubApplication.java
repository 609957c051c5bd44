package io.synchub;

import io.synchub.config.ConfigurationCheck;
import io.synchub.config.DatabaseReachability;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SyncHubApplication {

    /** Exit status of a start-up refused because of the configuration (a bad value, an unreachable database). */
    public static final int CONFIGURATION_ERROR = 2;

    public static void main(String[] args) {
        application().run(args);
    }

    /**
     * The hub as {@code java -jar} and {@code mvn spring-boot:run} start it: the settings and the database are checked
     * before anything else starts, and a problem ends the process with one line per cause instead of a stack trace.
     */
    public static SpringApplication application() {
        SpringApplication app = new SpringApplication(SyncHubApplication.class);
        Runnable exit = () -> System.exit(CONFIGURATION_ERROR);
        app.addListeners(new ConfigurationCheck(exit), new DatabaseReachability(exit));
        return app;
    }
}
