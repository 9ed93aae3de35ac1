package io.sealcloud.accounts.domain;

/** Recognises a database unique-constraint violation, whichever layer (Hibernate, the Vert.x client) wrapped it. */
public final class UniqueViolations {

    private static final String UNIQUE_VIOLATION = "23505";

    private UniqueViolations() {}

    /** Whether {@code failure} or one of its causes is a violation of the named unique constraint. */
    public static boolean isViolationOf(Throwable failure, String constraint) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException cve
                    && constraint.equals(cve.getConstraintName())) {
                return true;
            }
            if (t instanceof io.vertx.pgclient.PgException pg
                    && UNIQUE_VIOLATION.equals(pg.getSqlState())
                    && (constraint.equals(pg.getConstraint())
                            || String.valueOf(pg.getMessage()).contains(constraint))) {
                return true;
            }
        }
        return false;
    }
}
