package io.sealcloud.devstack.gateway;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which service serves a path: {@code /api/<service>} and everything below it go to {@code <service>}, with the
 * path unchanged (each service serves its own {@code /api/<service>} prefix).
 */
public final class Routes {

    private static final String PREFIX = "/api/";

    private final Map<String, Integer> ports;

    public Routes(Map<String, Integer> ports) {
        this.ports = Collections.unmodifiableMap(new LinkedHashMap<>(ports));
    }

    /** Parses {@code accounts=8081,metering=8082} (empty: no routes). */
    public static Routes parse(String spec) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.trim().split("=", 2);
            if (parts.length != 2 || parts[0].isBlank()) {
                throw new IllegalArgumentException("Route must be <service>=<port>: '" + entry + "'");
            }
            ports.put(parts[0].trim(), Integer.parseInt(parts[1].trim()));
        }
        return new Routes(ports);
    }

    /** The service named by the path's prefix, whether or not it is routed. */
    public static Optional<String> serviceOf(String path) {
        if (path == null || !path.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = path.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String service = slash < 0 ? rest : rest.substring(0, slash);
        return service.isEmpty() ? Optional.empty() : Optional.of(service);
    }

    /** The port of the service serving {@code path}, if one is routed. */
    public Optional<Integer> portFor(String path) {
        return serviceOf(path).map(ports::get);
    }

    public Map<String, Integer> ports() {
        return ports;
    }
}
