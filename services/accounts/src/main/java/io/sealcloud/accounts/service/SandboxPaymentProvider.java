package io.sealcloud.accounts.service;

import io.sealcloud.accounts.config.AccountsConfig;
import io.sealcloud.accounts.domain.MoneyIds;
import io.sealcloud.accounts.domain.PaymentOrder;
import io.sealcloud.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sandbox: no money moves. For local runs and tests only (off unless {@code
 * sealcloud.accounts.payments.sandbox.enabled=true}). It receives no webhooks: its orders are completed by ops through
 * {@code POST /api/accounts/v1/ops/payments/orders/{id}/sandbox-payment} — a user can never mark an order paid.
 */
@ApplicationScoped
public class SandboxPaymentProvider implements PaymentProvider {

    public static final String NAME = "sandbox";

    private final AccountsConfig config;

    public SandboxPaymentProvider(AccountsConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean enabled() {
        return config.payments().sandbox().enabled();
    }

    @Override
    public Uni<Checkout> createOrder(PaymentOrder order) {
        return Uni.createFrom().item(new Checkout(null));
    }

    @Override
    public Notification verifyWebhook(Map<String, List<String>> headers, byte[] rawBody) {
        throw new ProblemException(
                400, "webhook-not-supported", "Bad Request", "The sandbox provider receives no webhooks.");
    }

    @Override
    public Uni<Optional<ProviderPayment>> query(PaymentOrder order) {
        return Uni.createFrom()
                .item(
                        order.providerPaymentId == null
                                ? Optional.empty()
                                : Optional.of(
                                        new ProviderPayment(order.providerPaymentId, order.amountMicros, "succeeded")));
    }

    @Override
    public Uni<String> refund(PaymentOrder order, long amountMicros, String reason) {
        return Uni.createFrom().item("sbx_" + MoneyIds.refund());
    }

    /** The provider payment id of a sandbox completion: one per order, so completing twice books once. */
    static String paymentIdOf(String orderId) {
        return "sbx_" + orderId;
    }
}
