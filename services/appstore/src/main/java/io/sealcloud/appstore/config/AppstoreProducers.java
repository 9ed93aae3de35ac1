package io.sealcloud.appstore.config;

import io.sealcloud.appstore.domain.policy.GroupKind;
import io.sealcloud.appstore.domain.policy.TenantPolicy;
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
        return kinds.isEmpty()
                ? TenantPolicy.defaults()
                : new TenantPolicy(kinds.stream().map(GroupKind::parse).collect(Collectors.toSet()));
    }

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
