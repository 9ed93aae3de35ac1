package io.sealcloud.accounts.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** Request bodies of the money endpoints (amounts in micro-units). */
public final class MoneyRequests {

    private MoneyRequests() {}

    /** A new payment order. */
    public record CreateOrder(
            @NotNull @Positive Long amountMicros,
            @NotBlank @Size(max = 64) String provider) {}

    /** An ops adjustment: signed amount and a mandatory reason. */
    public record Adjustment(
            @NotNull Long amountMicros,
            @NotBlank @Size(max = 500) String reason) {}

    /** A refund of a paid order. */
    public record Refund(
            @NotNull @Positive Long amountMicros,
            @NotBlank @Size(max = 500) String reason,
            /*
             * Set when the money was returned outside sealcloud (a provider without a refund API, e.g. in the
             * partner's console): the partner's refund reference. Nothing is sent to the provider; the refund is
             * booked once per reference.
             */
            @Pattern(regexp = "^[A-Za-z0-9_.:-]{1,100}$", message = "must be 1-100 letters, digits or _ . : -")
            String externalRefundId) {}

    /** A held provider payment returned to the payer outside sealcloud (in the provider's console). */
    public record HeldPaymentRefund(
            @NotBlank @Size(max = 500) String reason,
            /* The provider's refund reference. */
            @NotNull @Pattern(regexp = "^[A-Za-z0-9_.:-]{1,100}$", message = "must be 1-100 letters, digits or _ . : -")
            String externalRefundId) {}

    /** A new gift code; the code is generated when absent. */
    public record CreateGiftCode(
            @Pattern(regexp = "^[A-Za-z0-9-]{4,64}$", message = "must be 4-64 letters, digits or '-'")
            String code,

            @NotNull @Positive Long amountMicros,
            @Min(1) @Max(1_000_000) Integer maxUses,
            @Min(1) @Max(1_000) Integer perUserLimit,
            Instant expiresAt,
            @Positive Long creditValidSeconds,
            @Size(max = 200) String description) {}
}
