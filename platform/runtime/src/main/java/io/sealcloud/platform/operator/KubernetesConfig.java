package io.sealcloud.platform.operator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How this service writes to the Kubernetes API ({@code sealcloud.kubernetes.*}). */
@ConfigMapping(prefix = "sealcloud.kubernetes")
public interface KubernetesConfig {

    /** {@code auto} (default), {@code server-side} or {@code client-side}; see {@link ApplyMode}. */
    @WithDefault("auto")
    ApplyMode applyMode();
}
