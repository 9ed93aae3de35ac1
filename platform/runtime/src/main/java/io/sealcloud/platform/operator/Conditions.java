package io.sealcloud.platform.operator;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Pure helpers for Kubernetes status conditions: {@code lastTransitionTime} moves only when a condition's status
 * changes, and a summary {@code Ready} condition is computed from the others.
 *
 * <p>Every condition these helpers build has a non-empty reason and message. A real API server refuses a status whose
 * condition has an empty or null message ({@code status.conditions.message: Invalid value: "null": … must be of type
 * string}, kube-apiserver 1.20 validating a CRD's {@code type: string}), so such a status is never written and the
 * object never becomes Ready; the fabric8 mock API server accepts it.
 */
public final class Conditions {

    /** The summary condition every sealcloud kind carries. */
    public static final String READY = "Ready";

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    /** Reason of {@code Ready=True} when every summarized condition is true. */
    public static final String REASON_READY = "AllConditionsTrue";

    /** Reason of a summarized condition that has not been reported yet. */
    public static final String REASON_PENDING = "Pending";

    /** Reason written when the caller gave none (a condition's reason is required: a CamelCase word). */
    public static final String REASON_UNSPECIFIED = "Unspecified";

    private Conditions() {}

    /**
     * Returns a new list with the condition {@code type} set. The input list and its elements are never modified.
     * {@code lastTransitionTime} becomes {@code now} only when the status differs from the existing condition's (or
     * the condition is new); otherwise the existing time is kept while reason, message and observedGeneration follow
     * the new values. Times are truncated to seconds because the API server stores RFC 3339 with seconds precision: a
     * finer time would never compare equal to what was read back and every reconcile would rewrite status.
     */
    public static List<Condition> set(
            List<Condition> conditions,
            String type,
            String status,
            String reason,
            String message,
            Long observedGeneration,
            Instant now) {
        Objects.requireNonNull(type, "type");
        requireStatus(status);
        List<Condition> result = new ArrayList<>();
        boolean replaced = false;
        for (Condition existing : conditions == null ? List.<Condition>of() : conditions) {
            if (!replaced && type.equals(existing.getType())) {
                String transition = status.equals(existing.getStatus()) && existing.getLastTransitionTime() != null
                        ? existing.getLastTransitionTime()
                        : format(now);
                result.add(condition(type, status, reason, message, observedGeneration, transition));
                replaced = true;
            } else {
                result.add(copy(existing));
            }
        }
        if (!replaced) {
            result.add(condition(type, status, reason, message, observedGeneration, format(now)));
        }
        return result;
    }

    /** Shorthand for {@link #set} with a boolean status. */
    public static List<Condition> set(
            List<Condition> conditions,
            String type,
            boolean status,
            String reason,
            String message,
            Long observedGeneration,
            Instant now) {
        return set(conditions, type, status ? TRUE : FALSE, reason, message, observedGeneration, now);
    }

    /** The condition of the given type, if present. */
    public static Optional<Condition> find(List<Condition> conditions, String type) {
        if (conditions == null) {
            return Optional.empty();
        }
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** Whether the condition is present with status {@code True}. */
    public static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
    }

    /** Whether the condition is present with status {@code False}. */
    public static boolean isFalse(List<Condition> conditions, String type) {
        return find(conditions, type).map(c -> FALSE.equals(c.getStatus())).orElse(false);
    }

    /**
     * Returns a new list with {@code Ready} computed from {@code summarized} (in priority order):
     *
     * <ul>
     *   <li>the first {@code False} one makes {@code Ready=False} with its reason and message;
     *   <li>otherwise the first {@code Unknown} or missing one makes {@code Ready=Unknown} (reason {@value
     *       #REASON_PENDING} when missing);
     *   <li>otherwise {@code Ready=True} with reason {@value #REASON_READY}.
     * </ul>
     *
     * A False condition wins over an earlier Unknown one because a known failure is the more useful summary.
     */
    public static List<Condition> summaryReady(
            List<Condition> conditions, Collection<String> summarized, Long observedGeneration, Instant now) {
        Condition firstFalse = null;
        Condition firstUnknown = null;
        for (String type : summarized) {
            if (READY.equals(type)) {
                throw new IllegalArgumentException("Ready cannot summarize itself");
            }
            Optional<Condition> found = find(conditions, type);
            if (found.isEmpty()) {
                if (firstUnknown == null) {
                    firstUnknown = condition(type, UNKNOWN, REASON_PENDING, type + " not reported yet", null, null);
                }
            } else if (FALSE.equals(found.get().getStatus())) {
                firstFalse = found.get();
                break;
            } else if (!TRUE.equals(found.get().getStatus()) && firstUnknown == null) {
                firstUnknown = found.get();
            }
        }
        Condition cause = firstFalse != null ? firstFalse : firstUnknown;
        if (cause == null) {
            return set(conditions, READY, TRUE, REASON_READY, "", observedGeneration, now);
        }
        String message = cause.getType() + ": " + Objects.toString(cause.getMessage(), "");
        return set(conditions, READY, cause.getStatus(), cause.getReason(), message, observedGeneration, now);
    }

    /**
     * Returns {@code desired} with each condition's {@code lastTransitionTime} taken from {@code observed} where the
     * observed condition of that type has the same status. A status computed from a stale copy (an informer cache
     * lagging behind our own last write) thus keeps the stored times instead of moving them.
     */
    public static List<Condition> keepTransitionTimes(List<Condition> desired, List<Condition> observed) {
        if (desired == null) {
            return null;
        }
        List<Condition> result = new ArrayList<>(desired.size());
        for (Condition condition : desired) {
            Optional<Condition> before = find(observed, condition.getType());
            if (before.isPresent()
                    && Objects.equals(before.get().getStatus(), condition.getStatus())
                    && before.get().getLastTransitionTime() != null) {
                result.add(new ConditionBuilder(condition)
                        .withLastTransitionTime(before.get().getLastTransitionTime())
                        .build());
            } else {
                result.add(copy(condition));
            }
        }
        return result;
    }

    /** RFC 3339 with seconds precision, as the API server stores {@code metav1.Time}. */
    public static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static void requireStatus(String status) {
        if (!TRUE.equals(status) && !FALSE.equals(status) && !UNKNOWN.equals(status)) {
            throw new IllegalArgumentException("condition status must be True, False or Unknown: " + status);
        }
    }

    /**
     * The reason as given, or {@value #REASON_UNSPECIFIED} when null or blank.
     */
    static String reasonOrDefault(String reason) {
        return reason == null || reason.isBlank() ? REASON_UNSPECIFIED : reason;
    }

    /**
     * The message as given, or when null or blank one saying what the condition says: {@code "<type> is <status>:
     * <reason>"}, e.g. {@code "Ready is True: AllConditionsTrue"}.
     */
    static String messageOrDefault(String type, String status, String reason, String message) {
        return message == null || message.isBlank() ? type + " is " + status + ": " + reason : message;
    }

    private static Condition condition(
            String type, String status, String reason, String message, Long observedGeneration, String transition) {
        String why = reasonOrDefault(reason);
        return new ConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(why)
                .withMessage(messageOrDefault(type, status, why, message))
                .withObservedGeneration(observedGeneration)
                .withLastTransitionTime(transition)
                .build();
    }

    private static Condition copy(Condition c) {
        return new ConditionBuilder(c).build();
    }
}
