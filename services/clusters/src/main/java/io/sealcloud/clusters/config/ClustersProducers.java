package io.sealcloud.clusters.config;

import io.sealcloud.clusters.domain.ClusterCatalog;
import io.sealcloud.clusters.domain.Flavor;
import io.sealcloud.clusters.domain.Provider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

/** Beans built from configuration. */
@ApplicationScoped
public class ClustersProducers {

    @Produces
    @Singleton
    ClusterCatalog catalog(ClustersConfig config) {
        Map<String, Flavor> flavors = new TreeMap<>();
        config.flavors()
                .forEach((name, f) ->
                        flavors.put(name, new Flavor(name, f.cpu(), f.memory(), f.priceMicrosPerNodeHour())));
        return new ClusterCatalog(
                config.providers().stream().map(Provider::parse).toList(),
                config.versions(),
                flavors,
                new ClusterCatalog.Limits(
                        config.limits().clustersPerWorkspace(),
                        config.limits().nodesPerWorkspace(),
                        config.limits().poolsPerCluster()));
    }

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
