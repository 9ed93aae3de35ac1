package io.sealcloud.appstore.domain.template;

import java.util.List;

/** The supplied inputs do not fit the template version; nothing was rendered or applied. */
public class InvalidInputsException extends RuntimeException {

    private final List<InputViolation> violations;

    public InvalidInputsException(List<InputViolation> violations) {
        super(violations.size() == 1 ? "1 input is invalid" : violations.size() + " inputs are invalid");
        this.violations = List.copyOf(violations);
    }

    public List<InputViolation> violations() {
        return violations;
    }
}
