package io.sealcloud.clusters.domain;

/** A node flavor ops offers: CPU cores, memory (a Kubernetes quantity) and the price of one node-hour in micro-units. */
public record Flavor(String name, int cpu, String memory, long priceMicrosPerNodeHour) {}
