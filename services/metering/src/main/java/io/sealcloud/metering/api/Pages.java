package io.sealcloud.metering.api;

import io.sealcloud.platform.problem.Problem;
import io.sealcloud.platform.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Opaque page tokens (an offset into a stable order) and page size limits, the same for every list. */
final class Pages {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private Pages() {}

    static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.badRequest(
                    "The page size is out of range.",
                    List.of(Problem.Violation.atParameter("limit", "must be between 1 and " + MAX_LIMIT)));
        }
        return limit;
    }

    static int offset(String pageToken) {
        if (pageToken == null || pageToken.isEmpty()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(pageToken), StandardCharsets.US_ASCII);
            if (!decoded.startsWith("o:")) {
                throw new IllegalArgumentException();
            }
            int offset = Integer.parseInt(decoded.substring(2));
            if (offset < 0) {
                throw new IllegalArgumentException();
            }
            return offset;
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(
                    "The page token is invalid.",
                    List.of(Problem.Violation.atParameter("pageToken", "is not a token this API returned")));
        }
    }

    /** The token of the next page, or null when this page was not full. */
    static String next(int offset, int limit, int returned) {
        if (returned < limit) {
            return null;
        }
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("o:" + (offset + returned)).getBytes(StandardCharsets.US_ASCII));
    }
}
