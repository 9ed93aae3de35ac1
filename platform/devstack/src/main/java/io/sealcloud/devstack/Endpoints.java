package io.sealcloud.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a running local platform is reached, written to {@code .sealcloud/endpoints.env} for scripts to source.
 * The key set is a contract ({@link #KEYS}): scripts and docs rely on exactly these names.
 */
public record Endpoints(
        String gatewayUrl,
        String keycloakUrl,
        String realm,
        String clientId,
        String kafkaBootstrap,
        String kubeconfig,
        String demoUser,
        String demoPassword,
        String opsUser,
        String opsPassword) {

    /** The keys of endpoints.env, in the order they are written. */
    public static final List<String> KEYS = List.of(
            "SEALCLOUD_GATEWAY_URL",
            "SEALCLOUD_KEYCLOAK_URL",
            "SEALCLOUD_REALM",
            "SEALCLOUD_CLIENT_ID",
            "SEALCLOUD_KAFKA_BOOTSTRAP",
            "SEALCLOUD_KUBECONFIG",
            "SEALCLOUD_DEMO_USER",
            "SEALCLOUD_DEMO_PASSWORD",
            "SEALCLOUD_OPS_USER",
            "SEALCLOUD_OPS_PASSWORD");

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@,+=-]*");

    /** The values keyed as in endpoints.env. */
    public Map<String, String> asMap() {
        List<String> values = List.of(
                gatewayUrl,
                keycloakUrl,
                realm,
                clientId,
                kafkaBootstrap,
                kubeconfig,
                demoUser,
                demoPassword,
                opsUser,
                opsPassword);
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < KEYS.size(); i++) {
            map.put(KEYS.get(i), values.get(i));
        }
        return map;
    }

    /** {@code KEY=value} lines a shell can source; values with other characters are single-quoted. */
    public String toEnvFile() {
        StringBuilder text = new StringBuilder();
        asMap().forEach((key, value) ->
                text.append(key).append('=').append(quote(value)).append('\n'));
        return text.toString();
    }

    /** The token URL of the realm (password and client-credentials grants). */
    public String tokenUrl() {
        return keycloakUrl + "/realms/" + realm + "/protocol/openid-connect/token";
    }

    /** Writes {@link #toEnvFile()} atomically, so a reader never sees half a file. */
    public void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, toEnvFile(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private static String quote(String value) {
        if (PLAIN.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
