package io.synchub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SyncHubApplication {
    public static void main(String[] args) {
        SpringApplication.run(SyncHubApplication.class, args);
    }
}
