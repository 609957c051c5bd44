package io.synchub.outbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    final RetryPolicy policy = new RetryPolicy(8, Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofSeconds(30));

    @Test
    void backoffDoublesWithJitterInTheUpperHalfAndIsCapped() {
        for (int i = 0; i < 200; i++) {
            assertThat(policy.delayAfter(1, null).toMillis()).isBetween(1000L, 2000L);
            assertThat(policy.delayAfter(3, null).toMillis()).isBetween(4000L, 8000L);
            assertThat(policy.delayAfter(30, null).toMillis()).isBetween(300_000L, 600_000L);
        }
    }

    @Test
    void retryAfterIsNeverCutShort() {
        assertThat(policy.delayAfter(1, Duration.ofSeconds(7)).toMillis()).isGreaterThanOrEqualTo(7000L);
        assertThat(PushFailure.retryAfter("2.0")).isEqualTo(Duration.ofSeconds(2));
        assertThat(PushFailure.retryAfter("0.25")).isEqualTo(Duration.ofMillis(250));
        assertThat(PushFailure.retryAfter(null)).isNull();
        assertThat(PushFailure.retryAfter("soon")).isNull();
    }

    @Test
    void httpStatusesAreClassified() {
        assertThat(PushFailure.ofStatus(422, "x", null)).isInstanceOf(PushRejected.class).extracting(PushFailure::errorClass).isEqualTo(ErrorClass.VALIDATION);
        assertThat(PushFailure.ofStatus(400, "x", null).errorClass()).isEqualTo(ErrorClass.VALIDATION);
        assertThat(PushFailure.ofStatus(401, "x", null).errorClass()).isEqualTo(ErrorClass.AUTH);
        assertThat(PushFailure.ofStatus(429, "x", null)).isNotInstanceOf(PushRejected.class).extracting(PushFailure::errorClass).isEqualTo(ErrorClass.RATE_LIMIT);
        assertThat(PushFailure.ofStatus(503, "x", null).errorClass()).isEqualTo(ErrorClass.SERVER);
        assertThat(PushFailure.ofStatus(408, "x", null).errorClass()).isEqualTo(ErrorClass.NETWORK);
        assertThat(Outbox.classify(new java.net.ConnectException("refused")).errorClass()).isEqualTo(ErrorClass.NETWORK);
        assertThat(Outbox.classify(new java.net.SocketTimeoutException("read timed out")).errorClass()).isEqualTo(ErrorClass.NETWORK);
    }
}
