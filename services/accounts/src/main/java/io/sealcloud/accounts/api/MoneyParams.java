package io.sealcloud.accounts.api;

import io.sealcloud.accounts.domain.EntryType;
import io.sealcloud.platform.problem.Problem;
import io.sealcloud.platform.problem.ProblemException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Parses the money endpoints' query and path parameters into problems that name the parameter. */
final class MoneyParams {

    private MoneyParams() {}

    static String entryType(String type) {
        if (type == null || type.isEmpty()) {
            return null;
        }
        return EntryType.fromWire(type)
                .map(EntryType::wire)
                .orElseThrow(() -> invalid("type", "must be one of recharge, gift, adjustment, refund, charge"));
    }

    static Instant instant(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(name, "must be an RFC 3339 time in UTC, e.g. 2026-12-01T00:00:00Z");
        }
    }

    static YearMonth month(String value) {
        try {
            if (value != null && value.matches("\\d{4}-\\d{2}")) {
                return YearMonth.parse(value);
            }
        } catch (DateTimeParseException e) {
            // below
        }
        throw invalid("month", "must be a month as yyyy-MM, e.g. 2026-11");
    }

    static ProblemException invalid(String parameter, String detail) {
        return ProblemException.badRequest(
                "The parameter '" + parameter + "' " + detail + ".",
                List.of(Problem.Violation.atParameter(parameter, detail)));
    }
}
