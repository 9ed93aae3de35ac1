package io.sealcloud.accounts.service;

import io.sealcloud.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Optional;

/** Every {@link PaymentProvider} bean, by name; a disabled one is as good as unknown. */
@ApplicationScoped
public class PaymentProviders {

    private final List<PaymentProvider> providers;

    public PaymentProviders(Instance<PaymentProvider> providers) {
        this.providers = providers.stream().toList();
    }

    /** Every provider's name, enabled or not. */
    public java.util.Set<String> names() {
        return providers.stream().map(PaymentProvider::name).collect(java.util.stream.Collectors.toSet());
    }

    public Optional<PaymentProvider> find(String name) {
        return providers.stream()
                .filter(p -> p.name().equals(name) && p.enabled())
                .findFirst();
    }

    /** The enabled provider with this name, or 404 {@code payment-provider-not-found}. */
    public PaymentProvider require(String name) {
        return find(name)
                .orElseThrow(() -> new ProblemException(
                        404, "payment-provider-not-found", "Not Found", "No payment provider '" + name + "'."));
    }
}
