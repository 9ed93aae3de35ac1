package io.sealcloud.testkit;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a {@code @QuarkusTest} a real Kafka broker (KRaft, in this JVM) and sets {@code kafka.bootstrap.servers}.
 *
 * <p>One broker per JVM, started on first use and reused by every test class; stopped by a JVM shutdown hook.
 * {@code MATCHING_RESOURCES}: test classes with the same set of resources share one application boot.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
public @interface WithKafka {}
