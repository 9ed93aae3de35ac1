package io.sealcloud.metering.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ChargeIdsTest {

    /** charge.created.v1's chargeId pattern. */
    private static final Pattern CONTRACT = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$");

    private static final Instant WINDOW = Instant.parse("2026-12-03T11:05:00Z");

    @Test
    void theSameTupleAlwaysGivesTheSameId() {
        String first = ChargeIds.of("w7k2m9q4x1", WINDOW, "cpu", new Attribution("app", "wordpress"));
        String again = ChargeIds.of("w7k2m9q4x1", WINDOW, "cpu", new Attribution("app", "wordpress"));

        assertThat(first).isEqualTo(again).startsWith("ch-w7k2m9q4x1-20261203T110500-cpu-");
    }

    @Test
    void everyPartOfTheTupleChangesTheId() {
        String base = ChargeIds.of("w1", WINDOW, "cpu", new Attribution("app", "a"));

        assertThat(ChargeIds.of("w2", WINDOW, "cpu", new Attribution("app", "a")))
                .isNotEqualTo(base);
        assertThat(ChargeIds.of("w1", WINDOW.plusSeconds(300), "cpu", new Attribution("app", "a")))
                .isNotEqualTo(base);
        assertThat(ChargeIds.of("w1", WINDOW, "memory", new Attribution("app", "a")))
                .isNotEqualTo(base);
        assertThat(ChargeIds.of("w1", WINDOW, "cpu", new Attribution("terminal", "a")))
                .isNotEqualTo(base);
        assertThat(ChargeIds.of("w1", WINDOW, "cpu", new Attribution("app", "b")))
                .isNotEqualTo(base);
    }

    @Test
    void idsWithLongResourceNamesStillMatchTheContract() {
        String gpu = "gpu:" + "x".repeat(200) + ".example.com/gpu";
        String id = ChargeIds.of("abcdefghij", WINDOW, gpu, new Attribution("cluster", "c".repeat(63)));

        assertThat(id).matches(CONTRACT);
        assertThat(ChargeIds.correction(id, 12)).matches(CONTRACT).endsWith(".c12");
    }

    @Test
    void partnerResourcesGiveContractIds() {
        String id = ChargeIds.of("abcdefghij", WINDOW, "partner:acme-ai/api-tokens", Attribution.partner("acme-ai"));

        assertThat(id).matches(CONTRACT);
    }
}
