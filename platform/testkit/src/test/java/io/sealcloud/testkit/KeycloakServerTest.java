package io.sealcloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How EmbeddedKeycloak fails and copies distributions; its happy path runs in every KeycloakRealmTest. */
class KeycloakServerTest {

    private final Path work = Path.of("target", "infra-run", "keycloak-server-test-" + UUID.randomUUID())
            .toAbsolutePath();

    @Test
    void namesTheCommandThatUnpacksAMissingDistribution() {
        assertThatThrownBy(() ->
                        EmbeddedKeycloak.builder(work.resolve("no-such-dist")).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such-dist")
                .hasMessageContaining("./mvnw -pl platform/testkit generate-resources");
    }

    @Test
    void failsFastNamingTheLogFileWhenKeycloakExitsBeforeServing() throws Exception {
        Path log = work.resolve("keycloak.log");

        assertThatThrownBy(() -> EmbeddedKeycloak.builder(EmbeddedKeycloak.defaultDist())
                        .logFile(log)
                        .extraArgs("--no-such-option")
                        .start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited")
                .hasMessageContaining(log.toString())
                .hasMessageContaining("no-such-option");
        assertThat(Files.readString(log)).contains("Unknown option");
    }

    @Test
    void copiesADistributionWithoutItsDataAndOnlyOnce() throws Exception {
        Path source = work.resolve("source");
        Files.createDirectories(source.resolve("bin"));
        Files.createDirectories(source.resolve("data").resolve("h2"));
        Files.writeString(source.resolve("bin").resolve("kc.sh"), "#!/bin/sh\n");
        Files.writeString(source.resolve("data").resolve("h2").resolve("keycloakdb.mv.db"), "another server's data");
        Path target = work.resolve("copy");

        EmbeddedKeycloak.copyDist(source, target);
        Files.writeString(target.resolve("bin").resolve("kc.sh"), "#!/bin/sh\n# edited in the copy\n");
        EmbeddedKeycloak.copyDist(source, target);

        assertThat(target.resolve("data")).doesNotExist();
        assertThat(Files.readString(target.resolve("bin").resolve("kc.sh"))).contains("edited in the copy");
    }
}
