package io.sealcloud.accounts.api;

import io.sealcloud.platform.problem.Problem;
import io.sealcloud.platform.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Opaque page cursors: a position (a sequence number or id), base64url-encoded so clients do not build them. */
final class Cursors {

    private Cursors() {}

    static String of(long position) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("p:" + position).getBytes(StandardCharsets.UTF_8));
    }

    /** The position in {@code cursor}, null for none; 400 for one this API did not hand out. */
    static Long parse(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (raw.startsWith("p:")) {
                return Long.parseLong(raw.substring(2));
            }
        } catch (IllegalArgumentException invalid) {
            // falls through to the problem below
        }
        throw ProblemException.badRequest(
                "The cursor is not one this API handed out.",
                List.of(Problem.Violation.atParameter("cursor", "is not a valid cursor")));
    }

    static String ofText(String position) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("t:" + position).getBytes(StandardCharsets.UTF_8));
    }

    /** The text position in {@code cursor}, null for none; 400 for one this API did not hand out. */
    static String parseText(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (raw.startsWith("t:")) {
                return raw.substring(2);
            }
        } catch (IllegalArgumentException invalid) {
            // falls through to the problem below
        }
        throw ProblemException.badRequest(
                "The cursor is not one this API handed out.",
                List.of(Problem.Violation.atParameter("cursor", "is not a valid cursor")));
    }

    static int limit(Integer limit) {
        if (limit == null) {
            return Paged.DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > Paged.MAX_LIMIT) {
            throw ProblemException.badRequest(
                    "limit must be between 1 and " + Paged.MAX_LIMIT + ".",
                    List.of(Problem.Violation.atParameter("limit", "must be between 1 and " + Paged.MAX_LIMIT)));
        }
        return limit;
    }
}
