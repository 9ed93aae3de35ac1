package io.sealcloud.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00.750Z");
    private static final Instant T1 = Instant.parse("2026-01-01T10:05:00Z");

    @Test
    void addsANewConditionWithTheTransitionTimeTruncatedToSeconds() {
        List<Condition> conditions = Conditions.set(List.of(), "Synced", Conditions.TRUE, "Done", "ok", 3L, T0);

        assertThat(conditions).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("Synced");
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("Done");
            assertThat(c.getMessage()).isEqualTo("ok");
            assertThat(c.getObservedGeneration()).isEqualTo(3L);
            assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
        });
    }

    @Test
    void keepsTheTransitionTimeWhenOnlyReasonMessageOrGenerationChange() {
        List<Condition> before = Conditions.set(List.of(), "Synced", Conditions.FALSE, "Waiting", "a", 1L, T0);

        List<Condition> after = Conditions.set(before, "Synced", Conditions.FALSE, "StillWaiting", "b", 2L, T1);

        assertThat(after).singleElement().satisfies(c -> {
            assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
            assertThat(c.getReason()).isEqualTo("StillWaiting");
            assertThat(c.getMessage()).isEqualTo("b");
            assertThat(c.getObservedGeneration()).isEqualTo(2L);
        });
    }

    @Test
    void movesTheTransitionTimeWhenTheStatusChanges() {
        List<Condition> before = Conditions.set(List.of(), "Synced", Conditions.FALSE, "Waiting", "", 1L, T0);

        List<Condition> after = Conditions.set(before, "Synced", Conditions.TRUE, "Done", "", 1L, T1);

        assertThat(after.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T10:05:00Z");
    }

    @Test
    void neverModifiesTheInputListOrItsConditions() {
        List<Condition> before =
                new ArrayList<>(Conditions.set(List.of(), "Synced", Conditions.FALSE, "Waiting", "", 1L, T0));
        Condition original = before.get(0);

        List<Condition> after = Conditions.set(before, "Synced", Conditions.TRUE, "Done", "", 2L, T1);

        assertThat(after).isNotSameAs(before);
        assertThat(before).containsExactly(original);
        assertThat(original.getStatus()).isEqualTo("False");
        assertThat(original.getObservedGeneration()).isEqualTo(1L);
    }

    @Test
    void keepsTheOrderOfOtherConditions() {
        List<Condition> conditions = Conditions.set(List.of(), "A", true, "r", "", 1L, T0);
        conditions = Conditions.set(conditions, "B", true, "r", "", 1L, T0);
        conditions = Conditions.set(conditions, "A", false, "r", "", 1L, T1);

        assertThat(conditions).extracting(Condition::getType).containsExactly("A", "B");
    }

    @Test
    void neverEmitsAnEmptyOrNullMessageOrReasonWhichARealApiServerRefuses() {
        List<Condition> conditions = Conditions.set(List.of(), "A", true, "Done", "", 1L, T0);
        conditions = Conditions.set(conditions, "B", Conditions.FALSE, null, null, 1L, T0);
        conditions = Conditions.set(conditions, "C", Conditions.UNKNOWN, " ", "  ", 1L, T0);
        conditions = Conditions.summaryReady(conditions, List.of("A"), 1L, T0);

        assertThat(conditions)
                .allSatisfy(c -> {
                    assertThat(c.getReason()).isNotBlank();
                    assertThat(c.getMessage()).isNotBlank();
                })
                .extracting(c -> c.getType() + "|" + c.getReason() + "|" + c.getMessage())
                .containsExactly(
                        "A|Done|A is True: Done",
                        "B|Unspecified|B is False: Unspecified",
                        "C|Unspecified|C is Unknown: Unspecified",
                        "Ready|AllConditionsTrue|Ready is True: AllConditionsTrue");
        // A given message is kept as it is.
        assertThat(Conditions.set(List.of(), "A", false, "Broken", "disk full", 1L, T0)
                        .get(0)
                        .getMessage())
                .isEqualTo("disk full");
    }

    @Test
    void rejectsAStatusOtherThanTrueFalseOrUnknown() {
        assertThatThrownBy(() -> Conditions.set(List.of(), "Synced", "true", "r", "", 1L, T0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void answersIsTrueAndIsFalseOnlyForPresentConditions() {
        List<Condition> conditions = Conditions.set(List.of(), "A", true, "r", "", 1L, T0);
        conditions = Conditions.set(conditions, "B", false, "r", "", 1L, T0);

        assertThat(Conditions.isTrue(conditions, "A")).isTrue();
        assertThat(Conditions.isFalse(conditions, "A")).isFalse();
        assertThat(Conditions.isFalse(conditions, "B")).isTrue();
        assertThat(Conditions.isTrue(conditions, "Missing")).isFalse();
        assertThat(Conditions.isFalse(conditions, "Missing")).isFalse();
        assertThat(Conditions.isTrue(null, "A")).isFalse();
    }

    @Test
    void summarizesReadyAsTrueWhenEverySummarizedConditionIsTrue() {
        List<Condition> conditions = Conditions.set(List.of(), "A", true, "r", "", 4L, T0);
        conditions = Conditions.set(conditions, "B", true, "r", "", 4L, T0);

        List<Condition> summarized = Conditions.summaryReady(conditions, List.of("A", "B"), 4L, T0);

        Condition ready = Conditions.find(summarized, Conditions.READY).orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("True");
        assertThat(ready.getReason()).isEqualTo(Conditions.REASON_READY);
        assertThat(ready.getObservedGeneration()).isEqualTo(4L);
    }

    @Test
    void summarizesReadyFromTheFirstFalseConditionEvenAfterAnUnknownOne() {
        List<Condition> conditions = Conditions.set(List.of(), "A", Conditions.UNKNOWN, "Checking", "", 1L, T0);
        conditions = Conditions.set(conditions, "B", false, "QuotaExceeded", "too many pods", 1L, T0);

        List<Condition> summarized = Conditions.summaryReady(conditions, List.of("A", "B"), 1L, T0);

        Condition ready = Conditions.find(summarized, Conditions.READY).orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("QuotaExceeded");
        assertThat(ready.getMessage()).isEqualTo("B: too many pods");
    }

    @Test
    void summarizesReadyAsUnknownWhenASummarizedConditionIsMissing() {
        List<Condition> conditions = Conditions.set(List.of(), "A", true, "r", "", 1L, T0);

        List<Condition> summarized = Conditions.summaryReady(conditions, List.of("A", "B"), 1L, T0);

        Condition ready = Conditions.find(summarized, Conditions.READY).orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("Unknown");
        assertThat(ready.getReason()).isEqualTo(Conditions.REASON_PENDING);
        assertThat(ready.getMessage()).startsWith("B: ");
    }

    @Test
    void keepsReadysTransitionTimeWhileTheSummaryDoesNotChange() {
        List<Condition> conditions = Conditions.set(List.of(), "A", true, "r", "", 1L, T0);
        conditions = Conditions.summaryReady(conditions, List.of("A"), 1L, T0);

        List<Condition> again = Conditions.summaryReady(conditions, List.of("A"), 2L, T1);

        Condition ready = Conditions.find(again, Conditions.READY).orElseThrow();
        assertThat(ready.getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(ready.getObservedGeneration()).isEqualTo(2L);
    }

    @Test
    void refusesToSummarizeReadyIntoItself() {
        assertThatThrownBy(() -> Conditions.summaryReady(List.of(), List.of(Conditions.READY), 1L, T0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsStoredTransitionTimesOnlyWhereTheStatusIsTheSame() {
        List<Condition> stored = Conditions.set(List.of(), "A", true, "r", "", 1L, T0);
        stored = Conditions.set(stored, "B", true, "r", "", 1L, T0);
        List<Condition> desired = Conditions.set(List.of(), "A", true, "r", "", 1L, T1);
        desired = Conditions.set(desired, "B", false, "r", "", 1L, T1);
        desired = Conditions.set(desired, "C", true, "r", "", 1L, T1);

        List<Condition> aligned = Conditions.keepTransitionTimes(desired, stored);

        assertThat(aligned)
                .extracting(Condition::getLastTransitionTime)
                .containsExactly("2026-01-01T10:00:00Z", "2026-01-01T10:05:00Z", "2026-01-01T10:05:00Z");
        assertThat(desired.get(0).getLastTransitionTime()).as("input untouched").isEqualTo("2026-01-01T10:05:00Z");
    }
}
