package io.sealcloud.clusters.operator;

import io.sealcloud.clusters.config.ClustersConfig;
import io.sealcloud.clusters.operator.model.CapiSettings;
import io.sealcloud.clusters.operator.model.VirtualSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.TreeMap;

/** The desired-state builders' settings, from ops' configuration. */
@ApplicationScoped
public class EngineSettings {

    @Produces
    @Singleton
    VirtualSettings virtual(ClustersConfig config) {
        ClustersConfig.Virtual v = config.virtual();
        return new VirtualSettings(
                v.image(),
                v.apiServerImage(),
                v.syncerClusterRole(),
                v.cpuRequest(),
                v.memoryRequest(),
                v.cpuLimit(),
                v.memoryLimit(),
                v.storage());
    }

    @Produces
    @Singleton
    CapiSettings capi(ClustersConfig config) {
        ClustersConfig.Capi c = config.capi();
        Map<String, CapiSettings.Machine> flavors = new TreeMap<>();
        config.flavors().forEach((name, f) -> flavors.put(name, new CapiSettings.Machine(f.cpu(), f.memory())));
        return new CapiSettings(
                c.namespace(),
                c.controlPlane(),
                c.controlPlaneReplicas(),
                c.kamajiDataStore(),
                c.podCidr(),
                c.serviceCidr(),
                flavors);
    }
}
