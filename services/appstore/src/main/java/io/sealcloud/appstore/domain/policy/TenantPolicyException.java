package io.sealcloud.appstore.domain.policy;

import java.util.List;

/** The render contains objects a workspace may not hold; nothing of it is applied. */
public class TenantPolicyException extends RuntimeException {

    private final List<PolicyViolation> violations;

    public TenantPolicyException(List<PolicyViolation> violations) {
        super(violations.get(0).describe()
                + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : ""));
        this.violations = List.copyOf(violations);
    }

    public List<PolicyViolation> violations() {
        return violations;
    }
}
