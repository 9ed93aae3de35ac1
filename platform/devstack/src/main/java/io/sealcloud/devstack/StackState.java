package io.sealcloud.devstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What the last {@code up} decided and later commands need: ports, the Kubernetes mode and the services. Kept in
 * {@code .sealcloud/state.properties} so a second {@code up} reuses the same ports and {@code status} can report.
 */
final class StackState {

    private final Properties values;

    private StackState(Properties values) {
        this.values = values;
    }

    static StackState empty() {
        return new StackState(new Properties());
    }

    static StackState load(Path file) {
        Properties values = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                values.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }
        return new StackState(values);
    }

    void save(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                values.store(writer, "Written by ./sealcloud up; read by status and the next up");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    Integer port(String key) {
        String value = values.getProperty("port." + key);
        return value == null ? null : Integer.valueOf(value);
    }

    void port(String key, int port) {
        values.setProperty("port." + key, String.valueOf(port));
    }

    /** The kubeconfig the services use: the simulated server's, or the user's {@code KUBECONFIG}. */
    Optional<String> kubeconfig() {
        return Optional.ofNullable(values.getProperty("kubernetes.kubeconfig"));
    }

    boolean simulatedKubernetes() {
        return kubernetesMode() == KubernetesMode.SIMULATED;
    }

    /** The Kubernetes mode of the last up (simulated for a state written before there were modes). */
    KubernetesMode kubernetesMode() {
        return KubernetesMode.of(values.getProperty("kubernetes.mode")).orElse(KubernetesMode.SIMULATED);
    }

    /** The mode of the last up, if there was one. */
    Optional<KubernetesMode> previousKubernetesMode() {
        return isEmpty() ? Optional.empty() : Optional.of(kubernetesMode());
    }

    void kubernetes(boolean simulated, String kubeconfig) {
        kubernetes(simulated ? KubernetesMode.SIMULATED : KubernetesMode.EXTERNAL, kubeconfig);
    }

    void kubernetes(KubernetesMode mode, String kubeconfig) {
        values.setProperty("kubernetes.mode", mode.id());
        values.setProperty("kubernetes.kubeconfig", kubeconfig);
    }

    List<String> services() {
        String list = values.getProperty("services", "");
        return list.isBlank() ? List.of() : Arrays.asList(list.split(","));
    }

    void services(List<String> names) {
        values.setProperty("services", String.join(",", names));
    }
}
