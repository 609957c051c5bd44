package io.synchub.canonical;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UtcInstantTextTest {

    @Test
    void readsWhatInstantToStringWritesAsInstantParseDoes() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            // years 1 to 9999, every precision Instant.toString writes (none, millis, micros, nanos)
            long seconds = Math.floorMod(random.nextLong(), 253_402_300_800L + 62_135_596_800L) - 62_135_596_800L;
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertThat(UtcInstantText.parse(instant.toString())).as(instant.toString()).isEqualTo(instant);
        }
    }

    @Test
    void otherFormsGetInstantParsesAnswer() {
        for (String text : List.of("2026-12-02T11:30:05Z", "2026-12-02T24:00:00Z", "2026-12-02T11:30:00.Z", "2026-12-02T11:30:00+01:00", "2026-12-02T11:30:05.1Z", "2024-02-29T00:00:00Z",
                "2026-12-31T23:59:60Z", "+12026-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "2026-12-02T11:30:05.123456789Z")) {
            assertThat(UtcInstantText.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void refusesWhatInstantParseRefuses() {
        for (String text : List.of("", "2026-12-02", "2026-13-02T11:30:00Z", "2026-02-30T11:30:00Z", "2025-02-29T00:00:00Z",
                "2026-12-02T11:60:00Z", "2026-12-02T11:30:00.1234567891Z",
                "2026-12-02T11:30:00", "2026-12-02 11:30:00Z", "2026-1a-02T11:30:00Z", "2026-12-02T11:30:0xZ", "2026-12-02T11:30Z")) {
            assertThatThrownBy(() -> UtcInstantText.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
            assertThatThrownBy(() -> Instant.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }
}
