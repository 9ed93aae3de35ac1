/**
 * Real infrastructure without Docker, for tests and the local platform: an in-JVM Kafka (KRaft) broker, an embedded
 * PostgreSQL server and the Quarkus test resources that start them once per JVM ({@link io.sealcloud.testkit.WithKafka},
 * {@link io.sealcloud.testkit.WithPostgres}).
 */
package io.sealcloud.testkit;
