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
}
