package io.synchub.product;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A platform's source time: every form an ISO offset date-time or an instant allows, as before the fast path. */
class ProductWriteSourceTimeTest {

    @Test
    void readsEveryFormAnOffsetDateTimeOrAnInstantAllows() {
        for (String text : List.of("2026-12-02T11:30:05Z", "2026-12-02T11:30:05.123456Z", "2026-12-02T11:30Z", "2026-12-02T11:30+01:00",
                "2026-12-02T06:30:05-05:00", "2026-12-02T11:30:05.5+00:00")) {
            assertThat(ProductWrite.instant(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
        assertThat(ProductWrite.instant("2026-12-02T24:00:00Z")).isEqualTo(Instant.parse("2026-12-03T00:00:00Z"));
        assertThat(ProductWrite.instant(" ")).isNull();
    }

    @Test
    void refusesWhatIsNoTimestamp() {
        for (String text : List.of("2026-12-02", "2026-12-02T11:30:05", "yesterday", "2026-13-02T11:30:05Z")) {
            assertThatThrownBy(() -> ProductWrite.instant(text)).as(text).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not an ISO-8601 timestamp with offset");
        }
    }
}
