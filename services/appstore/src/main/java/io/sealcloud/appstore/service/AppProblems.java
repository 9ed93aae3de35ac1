package io.sealcloud.appstore.service;

import io.sealcloud.appstore.domain.instance.QuotaCheck;
import io.sealcloud.appstore.domain.policy.TenantPolicyException;
import io.sealcloud.appstore.domain.template.InvalidInputsException;
import io.sealcloud.platform.problem.Problem;
import io.sealcloud.platform.problem.ProblemException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The problems (RFC 9457) of the app lifecycle, in one place so that their slugs stay stable. */
public final class AppProblems {

    private static final BigDecimal KIB = BigDecimal.valueOf(1024);
    private static final BigDecimal MIB = KIB.multiply(KIB);
    private static final BigDecimal GIB = MIB.multiply(KIB);

    private AppProblems() {}

    public static ProblemException invalidInputs(InvalidInputsException e) {
        return new ProblemException(
                400,
                "invalid-inputs",
                "Invalid inputs",
                e.violations().size() == 1
                        ? "The input " + e.violations().get(0).pointer().substring("/inputs/".length()) + " "
                                + e.violations().get(0).detail() + "."
                        : e.violations().size() + " inputs are invalid.",
                e.violations().stream()
                        .map(violation -> Problem.Violation.atPointer(violation.pointer(), violation.detail()))
                        .toList());
    }

    public static ProblemException notAllowed(TenantPolicyException e) {
        return new ProblemException(
                422,
                "object-not-allowed",
                "Object not allowed in a workspace",
                e.getMessage(),
                e.violations().stream()
                        .map(violation -> Problem.Violation.atPointer("", violation.describe()))
                        .toList());
    }

    /**
     * The objects need kinds the cluster does not serve (no CRD, or not in that version): refused before anything is
     * stored, rather than accepted and left failing.
     */
    public static ProblemException notServed(List<ServedKinds.Lookup> missing) {
        List<String> described = missing.stream().map(AppProblems::describe).toList();
        return new ProblemException(
                422,
                "kind-not-served",
                "Kind not served by this cloud",
                "This cloud does not serve " + String.join("; ", described)
                        + ", so the app cannot run here. Nothing was installed.",
                missing.stream()
                        .map(m -> Problem.Violation.atPointer("", describe(m)))
                        .toList());
    }

    private static String describe(ServedKinds.Lookup m) {
        String group = m.groupKind().group().isEmpty() ? "core" : m.groupKind().group();
        String text = m.apiVersion() + " " + m.kind() + " (API group " + group + ", kind " + m.kind() + ")";
        return m.servedVersions().isEmpty()
                ? text
                : text + ", only " + String.join(", ", m.servedVersions()) + " of it";
    }

    public static ProblemException renderFailed(String message) {
        return ProblemException.unprocessable("template-render-failed", message);
    }

    public static ProblemException suspended(String workspaceId, List<String> reasons) {
        String why = reasons.contains("debt")
                ? "its owner's account is in debt; a recharge that covers the debt resumes it"
                : reasons.contains("ops") ? "an operator suspended it" : "it is suspended";
        return new ProblemException(
                409,
                "workspace-suspended",
                "Workspace suspended",
                "Workspace " + workspaceId + " is suspended (" + String.join(", ", reasons) + "): " + why
                        + ". Nothing new is admitted until it is resumed.");
    }

    public static ProblemException quotaExceeded(String namespace, List<QuotaCheck.Excess> excess) {
        return new ProblemException(
                422,
                "quota-exceeded",
                "Workspace quota exceeded",
                "The app needs more than the quota of " + namespace + " leaves: "
                        + String.join(
                                "; ",
                                excess.stream().map(AppProblems::shortfall).toList())
                        + " (the other apps of the workspace count with their current revision, whether their pods"
                        + " run yet or not).",
                excess.stream()
                        .map(e -> Problem.Violation.atPointer("", "ResourceQuota " + e.quota() + ": " + shortfall(e)))
                        .toList());
    }

    private static String shortfall(QuotaCheck.Excess e) {
        return e.resource() + " " + quantity(e.resource(), e.requested()) + " requested, "
                + quantity(e.resource(), e.available()) + " available";
    }

    /** A quota amount as people write it in a ResourceQuota: bytes in Gi or Mi where exact, counts and cores plain. */
    static String quantity(String resource, BigDecimal amount) {
        if (resource.contains("memory") || resource.contains("storage")) {
            for (var unit : List.of(Map.entry("Gi", GIB), Map.entry("Mi", MIB), Map.entry("Ki", KIB))) {
                BigDecimal[] split = amount.divideAndRemainder(unit.getValue());
                if (split[1].signum() == 0 && split[0].signum() != 0) {
                    return split[0].toPlainString() + unit.getKey();
                }
            }
        }
        return amount.stripTrailingZeros().toPlainString();
    }

    public static ProblemException versionWithdrawn(String template, String version) {
        return ProblemException.conflict(
                "version-withdrawn",
                "Version " + version + " of " + template + " was withdrawn from the catalog and cannot be installed.");
    }

    public static ProblemException instanceExists(String name) {
        return ProblemException.conflict(
                "instance-exists",
                "An app named '" + name + "' already exists in this workspace; choose another name.");
    }

    public static ProblemException uninstalling(String name) {
        return ProblemException.conflict("instance-uninstalling", "App '" + name + "' is being uninstalled.");
    }
}
