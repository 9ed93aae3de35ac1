package io.sealcloud.archfixture.bad.operator.model;

import io.fabric8.kubernetes.client.KubernetesClient;

/** Fixture: a "pure" builder that holds a client (wrong). */
public class Reconciles {
    KubernetesClient client;
}
