package io.sealcloud.testkit;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a {@code @QuarkusTest} a real Keycloak with realm {@code sealcloud} imported from
 * deploy/keycloak/sealcloud-realm.json and sets {@code quarkus.oidc.auth-server-url}.
 *
 * <p>One Keycloak per JVM, started on first use and reused by every test class and application restart; stopped by
 * a JVM shutdown hook. Get tokens and test users from {@link KeycloakTestResource#realm()}. {@code
 * MATCHING_RESOURCES}: test classes with the same set of resources share one application boot.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@WithTestResource(value = KeycloakTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
public @interface WithKeycloak {}
