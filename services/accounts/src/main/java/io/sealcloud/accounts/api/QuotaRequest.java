package io.sealcloud.accounts.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sealcloud.accounts.domain.QuotaOverrides;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A workspace's quota overrides; a missing value means the configured default. Quantities are Kubernetes quantities
 * without sign or exponent ({@code 8}, {@code 500m}, {@code 32Gi}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuotaRequest(
        @Pattern(regexp = QUANTITY, message = QUANTITY_MESSAGE)
        String cpu,

        @Pattern(regexp = QUANTITY, message = QUANTITY_MESSAGE)
        String memory,

        @Pattern(regexp = QUANTITY, message = QUANTITY_MESSAGE)
        String storage,

        @Min(0) @Max(100_000) Integer pods,
        @Min(0) @Max(10_000) Integer nodePorts,
        @Size(max = 500) String reason) {

    static final String QUANTITY = "^[0-9]{1,12}(\\.[0-9]{1,6})?(m|k|M|G|T|P|Ki|Mi|Gi|Ti|Pi)?$";
    static final String QUANTITY_MESSAGE = "must be a quantity such as 8, 500m or 32Gi";

    QuotaOverrides overrides() {
        return new QuotaOverrides(cpu, memory, storage, pods, nodePorts);
    }

    static QuotaRequest of(QuotaOverrides quota) {
        return new QuotaRequest(quota.cpu(), quota.memory(), quota.storage(), quota.pods(), quota.nodePorts(), null);
    }
}
