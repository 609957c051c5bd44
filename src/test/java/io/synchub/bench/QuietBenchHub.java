package io.synchub.bench;

import org.springframework.test.context.TestPropertySource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A benchmarked hub that logs only warnings and whose reconciliation timers stay out of the measurement. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
@TestPropertySource(properties = {
        "logging.level.io.synchub=WARN",
        "logging.level.org.apache.camel=WARN",
        "logging.level.io.platformsim=WARN",
        "synchub.reconcile.interval=1h",
        "synchub.reconcile.initial-delay=1h",
})
@interface QuietBenchHub {
}
