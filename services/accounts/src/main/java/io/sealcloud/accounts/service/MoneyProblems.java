package io.sealcloud.accounts.service;

import io.sealcloud.platform.problem.Problem;
import io.sealcloud.platform.problem.ProblemException;
import java.util.List;

/** Problems about request bodies of the money endpoints, with a JSON pointer to the field. */
public final class MoneyProblems {

    private MoneyProblems() {}

    public static ProblemException invalid(String pointer, String detail) {
        return new ProblemException(
                400,
                "invalid-request",
                "Invalid request",
                "The request has 1 invalid value.",
                List.of(Problem.Violation.atPointer(pointer, detail)));
    }

    /**
     * 403 {@code four-eyes}: an ops user cannot move money to themselves (adjust their own balance, redeem a gift code
     * they issued); another ops user must.
     */
    public static ProblemException fourEyes(String detail) {
        return new ProblemException(403, "four-eyes", "Forbidden", detail);
    }
}
