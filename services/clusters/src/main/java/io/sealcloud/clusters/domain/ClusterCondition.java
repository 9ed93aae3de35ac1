package io.sealcloud.clusters.domain;

import java.time.Instant;

/** One condition of a cluster as its controller last reported it (Kubernetes' shape). */
public record ClusterCondition(String type, String status, String reason, String message, Instant lastTransitionTime) {}
