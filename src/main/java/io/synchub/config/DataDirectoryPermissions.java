package io.synchub.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The hub's local files (the embedded H2 database, next to it the generated API key) hold secrets and business
 * data: the database's folder is made 0700 before the database opens, and the files in it 0600 once the hub is up. Files the
 * database creates later inherit the umask but sit in a folder only the hub's user can enter.
 */
@Component
public class DataDirectoryPermissions implements BeanPostProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(DataDirectoryPermissions.class);

    private final Set<Path> folders = new LinkedHashSet<>();

    public DataDirectoryPermissions(Environment env) {
        String url = env.getProperty("spring.datasource.url", "");
        if (url.startsWith("jdbc:h2:file:")) {
            String file = url.substring("jdbc:h2:file:".length()).split(";", 2)[0];
            Path parent = file.startsWith("~") ? null : Path.of(file).toAbsolutePath().normalize().getParent();
            // only a folder of its own: never the user's home or the file system root
            if (parent != null && parent.getParent() != null
                    && !parent.equals(Path.of(System.getProperty("user.home")).toAbsolutePath().normalize())) {
                folders.add(parent);
            }
        }
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource) {
            for (Path folder : folders) {
                try {
                    Files.createDirectories(folder);
                    chmod(folder, "rwx------");
                } catch (IOException e) {
                    LOG.warn("could not restrict {} to its owner: {}", folder, e.getMessage());
                }
            }
        }
        return bean;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void restrictFiles() {
        for (Path folder : folders) {
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(Files::isRegularFile).forEach(f -> chmod(f, "rw-------"));
            } catch (IOException e) {
                LOG.warn("could not restrict the files of {} to their owner: {}", folder, e.getMessage());
            }
        }
    }

    private static void chmod(Path path, String permissions) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system, or not ours to change: left as it is
        }
    }
}
