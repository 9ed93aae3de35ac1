package io.sealcloud.accounts.operator.model;

import io.fabric8.kubernetes.api.model.Quantity;

/** The quota a workspace gets unless its spec overrides a value. */
public record QuotaDefaults(Quantity cpu, Quantity memory, Quantity storage, int pods, int nodePorts) {}
