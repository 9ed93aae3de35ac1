package io.sealcloud.testkit;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a {@code @QuarkusTest} a real PostgreSQL 17 database and sets {@code quarkus.datasource.username},
 * {@code password}, {@code reactive.url} and {@code jdbc.url}.
 *
 * <p>One server per JVM, started on first use and reused by every test class; the database is created if missing.
 * {@code MATCHING_RESOURCES}: test classes with the same set of resources (and database) share one application boot.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
public @interface WithPostgres {

    /** The database the application uses, e.g. the service name. */
    String database();
}
