package io.sealcloud.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointsTest {

    @TempDir
    Path dir;

    private static Endpoints sample(String kubeconfig) {
        return new Endpoints(
                "http://localhost:8080",
                "http://localhost:8180",
                "sealcloud",
                "sealcloud-web",
                "localhost:9092",
                kubeconfig,
                "demo",
                "demo-password-1",
                "ops",
                "ops-password-1");
    }

    @Test
    void writesExactlyTheContractKeysInOrder() throws IOException {
        Path file = dir.resolve(".sealcloud/endpoints.env");

        sample("/repo/.sealcloud/kubeconfig").write(file);

        Map<String, String> written = parse(Files.readAllLines(file));
        assertThat(written.keySet())
                .containsExactly(
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
        assertThat(written)
                .containsEntry("SEALCLOUD_GATEWAY_URL", "http://localhost:8080")
                .containsEntry("SEALCLOUD_KUBECONFIG", "/repo/.sealcloud/kubeconfig")
                .containsEntry("SEALCLOUD_DEMO_PASSWORD", "demo-password-1");
    }

    @Test
    void quotesValuesAShellWouldSplit() throws IOException, InterruptedException {
        Path file = dir.resolve("endpoints.env");
        String awkward = "/home/me/my clusters/it's.yaml";

        sample(awkward).write(file);

        // Sourcing the file in bash must give back the value unchanged.
        Process bash = new ProcessBuilder(
                        "bash", "-c", "set -eu; source \"$0\"; printf %s \"$SEALCLOUD_KUBECONFIG\"", file.toString())
                .redirectErrorStream(true)
                .start();
        String value = new String(bash.getInputStream().readAllBytes());
        assertThat(bash.waitFor()).isZero();
        assertThat(value).isEqualTo(awkward);
    }

    @Test
    void buildsTheRealmsTokenUrl() {
        assertThat(sample("k").tokenUrl())
                .isEqualTo("http://localhost:8180/realms/sealcloud/protocol/openid-connect/token");
    }

    private static Map<String, String> parse(List<String> lines) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            values.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return values;
    }
}
