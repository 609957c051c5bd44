package io.synchub.bench;

import org.junit.jupiter.api.Test;

import static io.synchub.bench.TargetCheck.Verdict.MET;
import static io.synchub.bench.TargetCheck.Verdict.MISSED;
import static io.synchub.bench.TargetCheck.Verdict.NOT_MEASURED;
import static io.synchub.bench.TargetCheck.Verdict.NO_TARGET;
import static io.synchub.bench.TargetCheck.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The report's met?/exit code rests on reading targets as the benchmarks write them. */
class TargetCheckTest {

    @Test
    void absoluteBoundsWithExplanationAfterTheNumber() {
        assertThat(verdict(499.0, "< 500", null)).isEqualTo(MET);
        assertThat(verdict(500.0, "< 500", null)).isEqualTo(MISSED);
        assertThat(verdict(4999.0, "< 5000 (Shopify timeout)", null)).isEqualTo(MET);
        assertThat(verdict(250.0, "< 300 ms (median of 5 pulls)", null)).isEqualTo(MET);
    }

    @Test
    void everyClauseMustHoldAndAPercentageOfTheMeasuredLimit() {
        assertThat(verdict(6000.0, ">= 5000/s and >= 60% of no-op", 9000.0)).isEqualTo(MET);
        assertThat(verdict(6000.0, ">= 5000/s and >= 60% of no-op", 11000.0)).as("6000 < 6600").isEqualTo(MISSED);
        assertThat(verdict(4000.0, ">= 5000/s and >= 60% of no-op", 5000.0)).isEqualTo(MISSED);
        assertThat(verdict(61.0, "<= 105% of floor", 58.5)).isEqualTo(MET);
        assertThat(verdict(62.0, "<= 105% of floor", 58.5)).isEqualTo(MISSED);
        assertThat(verdict(61.0, ">= 60", null)).as("a figure in % against a bare number").isEqualTo(MET);
    }

    @Test
    void noValueIsNotMetAndNoTargetIsNotJudged() {
        assertThat(verdict(null, "< 10", null)).isEqualTo(NOT_MEASURED);
        assertThat(verdict(3.0, null, null)).isEqualTo(NO_TARGET);
        assertThat(verdict(1.0, "fast enough", null)).as("a description, no comparison").isEqualTo(TargetCheck.Verdict.NO_TARGET);
    }
}
