package io.sealcloud.devstack.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The kubeconfig of the simulated API server: plain HTTP on localhost and a dummy token nobody checks. */
final class Kubeconfig {

    static final String NAME = "sealcloud-simulated";

    private Kubeconfig() {}

    static String render(String serverUrl) {
        return String.join(
                "\n",
                "# Written by ./sealcloud up for the SIMULATED API server (fabric8 mock, no auth, no controllers).",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: " + NAME,
                "  cluster:",
                "    server: " + serverUrl,
                "contexts:",
                "- name: " + NAME,
                "  context:",
                "    cluster: " + NAME,
                "    user: sealcloud-developer",
                "    namespace: default",
                "current-context: " + NAME,
                "users:",
                "- name: sealcloud-developer",
                "  user:",
                "    token: simulated-cluster-accepts-any-token",
                "");
    }

    static void write(Path file, String serverUrl) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, render(serverUrl), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
