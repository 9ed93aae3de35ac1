package io.sealcloud.platform.config;

import io.smallrye.config.ConfigMapping;

/** Identity of the service this runtime runs in; every platform component reads its name from here. */
@ConfigMapping(prefix = "sealcloud.service")
public interface ServiceConfig {

    /**
     * Short service name ({@code accounts}, {@code metering}, …): CloudEvents source {@code /sealcloud/<name>}, field
     * manager and Lease name {@code sealcloud-<name>}, metric prefix {@code sealcloud_<name>_}.
     */
    String name();
}
