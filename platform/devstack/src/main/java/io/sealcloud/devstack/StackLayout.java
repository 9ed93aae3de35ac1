package io.sealcloud.devstack;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the local platform keeps its files: everything below {@code <repo>/.sealcloud}, nothing elsewhere. */
public record StackLayout(Path root) {

    public StackLayout {
        root = root.toAbsolutePath().normalize();
    }

    /** The repository checkout the launcher runs from, found from a directory inside it. */
    public static StackLayout locate(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("sealcloud")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return new StackLayout(dir);
            }
        }
        throw new IllegalStateException(
                "No sealcloud checkout (a directory with ./sealcloud and pom.xml) above " + start.toAbsolutePath());
    }

    public Path home() {
        return root.resolve(".sealcloud");
    }

    public Path pids() {
        return home().resolve("pids");
    }

    public Path logs() {
        return home().resolve("logs");
    }

    public Path data() {
        return home().resolve("data");
    }

    public Path pidFile(String component) {
        return pids().resolve(component + ".pid");
    }

    public Path log(String component) {
        return logs().resolve(component + ".log");
    }

    public Path dataDir(String component) {
        return data().resolve(component);
    }

    /** Keycloak's own unpacked distribution (with its augmented build and dev-file database). */
    public Path keycloakHome() {
        return home().resolve("keycloak");
    }

    /** The kubeconfig of the simulated API server. */
    public Path simulatedKubeconfig() {
        return home().resolve("kubeconfig");
    }

    public Path endpointsEnv() {
        return home().resolve("endpoints.env");
    }

    public Path stateFile() {
        return home().resolve("state.properties");
    }

    public Path realmFile() {
        return root.resolve("deploy/keycloak/sealcloud-realm.json");
    }

    /** The Kustomize base whose ServiceAccounts and RBAC the real control plane gives each service. */
    public Path deployBase() {
        return root.resolve("deploy/base");
    }

    public Path services() {
        return root.resolve("services");
    }

    public Path devstackTarget() {
        return root.resolve("platform/devstack/target");
    }

    /** The launcher's own classpath, which also runs the gateway, the simulated API server, Kafka and PostgreSQL. */
    public String launcherClasspath() {
        return devstackTarget().resolve("classes") + java.io.File.pathSeparator
                + devstackTarget().resolve("lib") + java.io.File.separator + "*";
    }

    /** Where the root build unpacks infrastructure for tests (a Keycloak dist may already be there). */
    public Path infraDir() {
        return root.resolve("target/infra");
    }
}
