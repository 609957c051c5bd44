package io.platformsim.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeakyBucketTest {

    @Test
    void refusesWhenFullWithTheTimeUntilItFits() {
        LeakyBucket b = new LeakyBucket(2, 0.5);
        assertThat(b.tryAdd(1).admitted()).isTrue();
        assertThat(b.tryAdd(1).admitted()).isTrue();
        LeakyBucket.Admission refused = b.tryAdd(1);
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.retryAfterSeconds()).isBetween(1.5, 2.0);
    }

    @Test
    void leaksOverTime() throws InterruptedException {
        LeakyBucket b = new LeakyBucket(1, 20);
        assertThat(b.tryAdd(1).admitted()).isTrue();
        assertThat(b.tryAdd(1).admitted()).isFalse();
        Thread.sleep(80);
        assertThat(b.tryAdd(1).admitted()).isTrue();
    }
}
