package io.sealcloud.appstore.config;

import io.sealcloud.appstore.domain.policy.GroupKind;
import io.sealcloud.appstore.domain.policy.TenantPolicy;
import io.sealcloud.appstore.domain.policy.TrafficRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;

/** Beans built from configuration. */
@ApplicationScoped
public class AppstoreProducers {

    @Produces
    @ApplicationScoped
    TenantPolicy tenantPolicy(AppstoreConfig config) {
        List<String> kinds = config.policy().allowedKinds().orElse(List.of());
        return new TenantPolicy(
                kinds.isEmpty()
                        ? TenantPolicy.DEFAULT_ALLOWED
                        : kinds.stream().map(GroupKind::parse).collect(Collectors.toSet()),
                new TrafficRules(
                        config.platform().cloudDomain(), config.policy().maxLoadBalancers()));
    }

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
