package io.sealcloud.devstack.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of the local platform's real control plane, kept below {@code .sealcloud/data/kubernetes} across {@code
 * down}/{@code up}: etcd's data, the serving certificate (also the CA clients trust), the ServiceAccount signing key
 * and the static tokens of the admin, the controller manager and the kubelet stand-in. Kept, not regenerated, so that
 * the cluster's objects, the kubeconfigs already handed out and the ServiceAccount tokens stay valid after a restart.
 */
public record RealClusterFiles(Path dir) {

    /** The static identities of tokens.csv: user name → groups. */
    static final Map<String, String> STATIC_USERS = staticUsers();

    public static final String ADMIN = "sealcloud-admin";
    public static final String CONTROLLER_MANAGER = "system:kube-controller-manager";
    public static final String KUBELET_STAND_IN = "sealcloud:kubelet-stand-in";

    public RealClusterFiles {
        dir = dir.toAbsolutePath().normalize();
    }

    private static Map<String, String> staticUsers() {
        Map<String, String> users = new LinkedHashMap<>();
        users.put(ADMIN, "system:masters");
        users.put(CONTROLLER_MANAGER, "system:masters");
        // Not a real node identity (no Node authorizer here): an admin named after what it stands in for.
        users.put(KUBELET_STAND_IN, "system:masters");
        return users;
    }

    public Path etcdData() {
        return dir.resolve("etcd");
    }

    public Path pki() {
        return dir.resolve("pki");
    }

    /** The API server's self-signed serving certificate (PEM); clients trust it as their CA. */
    public Path certificate() {
        return pki().resolve("apiserver.crt");
    }

    public Path certificateKey() {
        return pki().resolve("apiserver.key");
    }

    public Path serviceAccountKey() {
        return pki().resolve("sa.key");
    }

    public Path serviceAccountPublicKey() {
        return pki().resolve("sa.pub");
    }

    public Path tokens() {
        return pki().resolve("tokens.csv");
    }

    public Path controllerManagerKubeconfig() {
        return pki().resolve("controller-manager.kubeconfig");
    }

    /** The kubeconfig of service {@code name}: its ServiceAccount's token, nothing more. */
    public Path serviceKubeconfig(String name) {
        return dir.resolve("kubeconfigs").resolve(name + ".kubeconfig");
    }

    /** Whether {@link #ensure()} has run here (the certificate and the tokens exist). */
    public boolean exists() {
        return Files.isRegularFile(certificate()) && Files.isRegularFile(tokens());
    }

    /** Creates what is missing (certificate, signing key, tokens); keeps what exists. */
    public RealClusterFiles ensure() {
        try {
            Files.createDirectories(pki());
            if (!Files.isRegularFile(certificate()) || !Files.isRegularFile(certificateKey())) {
                openssl(
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-days",
                        "3650",
                        "-subj",
                        "/CN=sealcloud-local-kube-apiserver",
                        "-addext",
                        "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default.svc",
                        "-keyout",
                        certificateKey().toString(),
                        "-out",
                        certificate().toString());
            }
            if (!Files.isRegularFile(serviceAccountKey())) {
                openssl("genrsa", "-out", serviceAccountKey().toString(), "2048");
                Files.deleteIfExists(serviceAccountPublicKey());
            }
            if (!Files.isRegularFile(serviceAccountPublicKey())) {
                openssl(
                        "rsa",
                        "-in",
                        serviceAccountKey().toString(),
                        "-pubout",
                        "-out",
                        serviceAccountPublicKey().toString());
            }
            if (!Files.isRegularFile(tokens())) {
                StringBuilder csv = new StringBuilder();
                STATIC_USERS.forEach((user, group) -> csv.append(randomToken())
                        .append(',')
                        .append(user)
                        .append(',')
                        .append(user)
                        .append(",\"")
                        .append(group)
                        .append("\"\n"));
                writePrivate(tokens(), csv.toString());
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + pki(), e);
        }
    }

    /** The static token of {@code user} (one of {@link #STATIC_USERS}). */
    public String token(String user) {
        try {
            for (String line : Files.readAllLines(tokens(), StandardCharsets.UTF_8)) {
                String[] fields = line.split(",", 4);
                if (fields.length >= 2 && fields[1].equals(user)) {
                    return fields[0];
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + tokens(), e);
        }
        throw new IllegalStateException("No token for " + user + " in " + tokens());
    }

    /** The CA as base64 PEM ({@code certificate-authority-data}), or empty before {@link #ensure()}. */
    public String caData() {
        if (!Files.isRegularFile(certificate())) {
            return "";
        }
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(certificate()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A kubeconfig for {@code server} trusting {@code caData}, authenticating with {@code token}. */
    public static String kubeconfig(String server, String caData, String user, String token, String namespace) {
        return String.join(
                "\n",
                "# Written by ./sealcloud up for the local REAL control plane (docs/local-platform.md).",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: sealcloud-local",
                "  cluster:",
                "    server: " + server,
                "    certificate-authority-data: " + caData,
                "contexts:",
                "- name: sealcloud-local",
                "  context:",
                "    cluster: sealcloud-local",
                "    user: " + user,
                "    namespace: " + namespace,
                "current-context: sealcloud-local",
                "users:",
                "- name: " + user,
                "  user:",
                "    token: " + token,
                "");
    }

    /** Writes {@code text} readable by its owner only (kubeconfigs and tokens are credentials), atomically. */
    public static void writePrivate(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private void openssl(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(pki().toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (Files.isRegularFile(certificateKey())) {
            Files.setPosixFilePermissions(certificateKey(), PosixFilePermissions.fromString("rw-------"));
        }
        if (Files.isRegularFile(serviceAccountKey())) {
            Files.setPosixFilePermissions(serviceAccountKey(), PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
