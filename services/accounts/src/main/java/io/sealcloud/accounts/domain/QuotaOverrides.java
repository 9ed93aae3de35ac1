package io.sealcloud.accounts.domain;

/**
 * A workspace's quota overrides as ops set them; a null value means the configured default. Quantities are kept as
 * Kubernetes quantity strings ({@code 8}, {@code 500m}, {@code 32Gi}).
 */
public record QuotaOverrides(String cpu, String memory, String storage, Integer pods, Integer nodePorts) {

    public static final QuotaOverrides NONE = new QuotaOverrides(null, null, null, null, null);

    public boolean isEmpty() {
        return cpu == null && memory == null && storage == null && pods == null && nodePorts == null;
    }
}
