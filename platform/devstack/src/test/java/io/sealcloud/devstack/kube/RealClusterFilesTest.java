package io.sealcloud.devstack.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealClusterFilesTest {

    @TempDir
    Path dir;

    @Test
    void keepsTheCertificateSigningKeyAndTokensFromOneUpToTheNext() throws IOException {
        RealClusterFiles files = new RealClusterFiles(dir).ensure();
        byte[] certificate = Files.readAllBytes(files.certificate());
        byte[] signingKey = Files.readAllBytes(files.serviceAccountKey());
        String admin = files.token(RealClusterFiles.ADMIN);

        RealClusterFiles again = new RealClusterFiles(dir).ensure();

        assertThat(Files.readAllBytes(again.certificate())).isEqualTo(certificate);
        assertThat(Files.readAllBytes(again.serviceAccountKey())).isEqualTo(signingKey);
        assertThat(again.token(RealClusterFiles.ADMIN)).isEqualTo(admin);
        assertThat(again.caData()).isEqualTo(Base64.getEncoder().encodeToString(certificate));
    }

    @Test
    void givesTheAdminTheControllerManagerAndTheStandInTokensOfTheirOwnReadableByTheOwnerOnly() throws IOException {
        RealClusterFiles files = new RealClusterFiles(dir).ensure();

        assertThat(List.of(
                        files.token(RealClusterFiles.ADMIN),
                        files.token(RealClusterFiles.CONTROLLER_MANAGER),
                        files.token(RealClusterFiles.KUBELET_STAND_IN)))
                .doesNotHaveDuplicates()
                .allSatisfy(token -> assertThat(token).hasSize(48));
        for (Path secret : List.of(files.tokens(), files.certificateKey(), files.serviceAccountKey())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
                    .as(secret.toString())
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void writesKubeconfigsAClientReadsWithServerCaTokenAndNamespace() {
        RealClusterFiles files = new RealClusterFiles(dir).ensure();
        Path file = files.serviceKubeconfig("accounts");
        RealClusterFiles.writePrivate(
                file,
                RealClusterFiles.kubeconfig(
                        "https://127.0.0.1:6443",
                        files.caData(),
                        "system:serviceaccount:sealcloud-system:sealcloud-accounts",
                        "the-token",
                        "sealcloud-system"));

        Config config = Config.fromKubeconfig(read(file));

        assertThat(file).isEqualTo(dir.resolve("kubeconfigs/accounts.kubeconfig"));
        assertThat(config.getMasterUrl()).startsWith("https://127.0.0.1:6443");
        assertThat(config.getCaCertData()).isEqualTo(files.caData());
        assertThat(config.getAutoOAuthToken()).isEqualTo("the-token");
        assertThat(config.getNamespace()).isEqualTo("sealcloud-system");
    }

    @Test
    void takesEachServicesServiceAccountAndRbacFromDeployBaseAndNothingElse() {
        Path accounts = Path.of("../../deploy/base/accounts");
        try (KubernetesClient client =
                new KubernetesClientBuilder().withConfig(Config.empty()).build()) {
            List<HasMetadata> objects = RealKubernetes.identityObjects(client, accounts);

            assertThat(objects)
                    .extracting(HasMetadata::getKind)
                    .containsExactlyInAnyOrder(
                            "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "ServiceAccount");
            assertThat(objects)
                    .filteredOn(o -> o.getKind().equals("ServiceAccount"))
                    .extracting(o -> o.getMetadata().getName())
                    .containsExactly("sealcloud-accounts");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
