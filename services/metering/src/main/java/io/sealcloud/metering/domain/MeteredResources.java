package io.sealcloud.metering.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The resources metering charges for, and the unit each is measured in. Sampled resources are measured in their
 * base unit held over time (a sample of 250 millicores for 60 s is 250 millicore-minutes); partner meters in
 * whatever unit their price version names.
 */
public final class MeteredResources {

    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final String STORAGE = "storage";
    public static final String NODEPORT = "nodeport";
    public static final String LOADBALANCER = "loadbalancer";
    public static final String GPU_PREFIX = "gpu:";
    public static final String PARTNER_PREFIX = "partner:";

    /** The contract's pattern for {@code resource} (charge.created.v1). */
    public static final Pattern PATTERN = Pattern.compile(
            "^(cpu|memory|storage|nodeport|loadbalancer|gpu:[A-Za-z0-9./_-]{1,253}|partner:[A-Za-z0-9._-]{1,100}/[A-Za-z0-9._-]{1,100})$");

    /** A partner client id or meter name as it may appear in a partner resource. */
    public static final Pattern PARTNER_PART = Pattern.compile("^[A-Za-z0-9._-]{1,100}$");

    private MeteredResources() {}

    public static boolean isValid(String resource) {
        return resource != null && PATTERN.matcher(resource).matches();
    }

    public static boolean isPartner(String resource) {
        return resource.startsWith(PARTNER_PREFIX);
    }

    public static String gpu(String extendedResourceName) {
        return GPU_PREFIX + extendedResourceName;
    }

    public static String partner(String clientId, String meter) {
        return PARTNER_PREFIX + clientId + "/" + meter;
    }

    /** The fixed unit of a sampled resource; empty for partner meters, whose unit the price version names. */
    public static Optional<String> sampledUnit(String resource) {
        return switch (resource) {
            case CPU -> Optional.of("millicore-minute");
            case MEMORY, STORAGE -> Optional.of("MiB-minute");
            case NODEPORT -> Optional.of("port-minute");
            case LOADBALANCER -> Optional.of("service-minute");
            default -> resource.startsWith(GPU_PREFIX) ? Optional.of("device-minute") : Optional.empty();
        };
    }

    /** The unit of a sample's allocation (per second held), for the live inventory. */
    public static String allocationUnit(String resource) {
        return switch (resource) {
            case CPU -> "millicores";
            case MEMORY, STORAGE -> "MiB";
            case NODEPORT -> "ports";
            case LOADBALANCER -> "services";
            default -> resource.startsWith(GPU_PREFIX) ? "devices" : "units";
        };
    }
}
