package io.synchub.echo;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-field verdict of the echo ledger over a history of pushes, without I/O. */
class EchoJudgementTest {

    private static final Instant T1 = Instant.parse("2026-06-01T12:00:01Z");
    private static final Instant T2 = Instant.parse("2026-06-01T12:00:05Z");

    private static EchoLedger.Push push(String json, Instant platformAt) {
        return new EchoLedger.Push(CanonicalJson.parse(json), platformAt, platformAt);
    }

    private static JsonNode num(String n) {
        return CanonicalJson.normalise(CanonicalJson.parse(n));
    }

    @Test
    void aLateEchoOfAnOlderPushIsAnEchoNotAChange() {
        List<EchoLedger.Push> pushes = List.of(push("{\"netSalesPrice\":30.61}", T1), push("{\"netSalesPrice\":31.73}", T2));
        assertThat(EchoLedger.judge("netSalesPrice", num("30.61"), T1, pushes)).isEqualTo(EchoLedger.Judgement.ECHO);
        assertThat(EchoLedger.judge("netSalesPrice", num("31.73"), T2, pushes)).isEqualTo(EchoLedger.Judgement.ECHO);
        assertThat(EchoLedger.judge("netSalesPrice", num("30.61"), null, pushes)).as("no platform time: any recent push")
                .isEqualTo(EchoLedger.Judgement.ECHO);
    }

    @Test
    void aValueOfAnOlderPushSetAgainAfterTheLatestPushIsAChange() {
        List<EchoLedger.Push> pushes = List.of(push("{\"netSalesPrice\":30.61}", T1), push("{\"netSalesPrice\":31.73}", T2));
        assertThat(EchoLedger.judge("netSalesPrice", num("30.61"), T2.plusSeconds(3), pushes)).isEqualTo(EchoLedger.Judgement.NEW);
    }

    @Test
    void anotherValueNotNewerThanTheLatestPushIsStaleAndANewerOneIsNew() {
        List<EchoLedger.Push> pushes = List.of(push("{\"netSalesPrice\":76.22}", T2));
        assertThat(EchoLedger.judge("netSalesPrice", num("78.47"), T1, pushes)).isEqualTo(EchoLedger.Judgement.STALE);
        assertThat(EchoLedger.judge("netSalesPrice", num("78.47"), T2, pushes)).isEqualTo(EchoLedger.Judgement.STALE);
        assertThat(EchoLedger.judge("netSalesPrice", num("78.47"), T2.plusSeconds(1), pushes)).isEqualTo(EchoLedger.Judgement.NEW);
        assertThat(EchoLedger.judge("netSalesPrice", num("78.47"), null, pushes)).isEqualTo(EchoLedger.Judgement.NEW);
    }

    @Test
    void aFieldTheHubNeverPushedIsNotCompared() {
        List<EchoLedger.Push> pushes = List.of(push("{\"netSalesPrice\":76.22}", T2));
        assertThat(EchoLedger.judge("available", num("75"), T1, pushes)).isEqualTo(EchoLedger.Judgement.NEW);
    }
}
