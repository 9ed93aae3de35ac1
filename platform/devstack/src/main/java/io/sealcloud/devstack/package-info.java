/**
 * The one-command local platform: {@code ./sealcloud up | down | status} starts Kafka, PostgreSQL, Keycloak, a
 * Kubernetes API (the user's cluster or a simulated one), every service and a gateway, each as its own process.
 */
package io.sealcloud.devstack;
