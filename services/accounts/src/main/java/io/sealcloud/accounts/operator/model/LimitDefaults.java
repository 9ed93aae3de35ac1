package io.sealcloud.accounts.operator.model;

import io.fabric8.kubernetes.api.model.Quantity;

/** What a container gets when it sets no requests or limits. */
public record LimitDefaults(
        Quantity defaultRequestCpu,
        Quantity defaultRequestMemory,
        Quantity defaultLimitCpu,
        Quantity defaultLimitMemory) {}
