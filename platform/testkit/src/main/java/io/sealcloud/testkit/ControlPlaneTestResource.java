package io.sealcloud.testkit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.common.QuarkusTestResourceConfigurableLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Quarkus test resource behind {@link WithControlPlane}: the JVM's one real control plane (and kubelet stand-in),
 * started lazily, plus the static accessors tests use to act on it.
 */
public class ControlPlaneTestResource implements QuarkusTestResourceConfigurableLifecycleManager<WithControlPlane> {

    /** The namespace the services' own ServiceAccounts live in, as in {@code deploy/base}. */
    public static final String SYSTEM_NAMESPACE = "sealcloud-system";

    // Only the system class loader's copies ever assign these (see JvmShared).
    private static KubernetesControlPlane plane;
    private static KubeletStandIn kubelet;
    private static final Map<String, String> serviceTokens = new HashMap<>();

    private WithControlPlane settings;

    @Override
    public void init(WithControlPlane annotation) {
        this.settings = annotation;
    }

    @Override
    public Map<String, String> start() {
        String crds = settings.crds();
        String token = (String) JvmShared.call(
                ControlPlaneTestResource.class,
                "sharedStart",
                crds,
                settings.serviceAccount(),
                Boolean.valueOf(settings.kubelet()));
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.kubernetes-client.api-server-url", serverUrl());
        config.put("quarkus.kubernetes-client.token", token);
        config.put("quarkus.kubernetes-client.ca-cert-file", caFile());
        config.put("quarkus.kubernetes-client.trust-certs", "false");
        config.put("quarkus.kubernetes-client.namespace", SYSTEM_NAMESPACE);
        // The Lease lives where deploy/ grants it: the service's own namespace.
        config.put("sealcloud.operator.lease-namespace", SYSTEM_NAMESPACE);
        return config;
    }

    /** Does nothing: the control plane outlives each application; a JVM shutdown hook stops it. */
    @Override
    public void stop() {}

    /** {@code https://127.0.0.1:P} of the JVM's control plane (starts it if needed). */
    public static String serverUrl() {
        return (String) JvmShared.call(ControlPlaneTestResource.class, "sharedValue", "url");
    }

    /** The admin token ({@code system:masters}). */
    public static String adminToken() {
        return (String) JvmShared.call(ControlPlaneTestResource.class, "sharedValue", "token");
    }

    /** Path of the API server's CA (PEM). */
    public static String caFile() {
        return (String) JvmShared.call(ControlPlaneTestResource.class, "sharedValue", "ca");
    }

    /** A kubeconfig file with the admin token. */
    public static Path adminKubeconfig() {
        return Path.of((String) JvmShared.call(ControlPlaneTestResource.class, "sharedValue", "kubeconfig"));
    }

    /** A new admin client (in the caller's class loader); close it when done. */
    public static KubernetesClient adminClient() {
        return client(config(adminToken()).build());
    }

    /** A client that acts as {@code user} in {@code groups} (impersonated by the admin): RBAC decides. */
    public static KubernetesClient clientAs(String user, String... groups) {
        Config config = config(adminToken())
                .withImpersonateUsername(user)
                .withImpersonateGroups(groups)
                .build();
        return client(config);
    }

    /** A client that presents {@code token} (e.g. a ServiceAccount token or one the service under test issued). */
    public static KubernetesClient clientWithToken(String token) {
        return client(config(token).build());
    }

    /** A bound token of ServiceAccount {@code namespace/name} (TokenRequest), valid for an hour. */
    public static String serviceAccountToken(String namespace, String name) {
        try (KubernetesClient admin = adminClient()) {
            TokenRequest request = new TokenRequestBuilder()
                    .withNewSpec()
                    .withAudiences("https://kubernetes.default.svc")
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build();
            return admin.serviceAccounts()
                    .inNamespace(namespace)
                    .withName(name)
                    .tokenRequest(request)
                    .getStatus()
                    .getToken();
        }
    }

    private static ConfigBuilder config(String token) {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(serverUrl())
                .withOauthToken(token)
                .withCaCertFile(caFile())
                .withRequestTimeout(30_000)
                .withConnectionTimeout(10_000);
    }

    private static KubernetesClient client(Config config) {
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    // ---- below: runs on the system class loader's copy only (JvmShared) ----

    @SuppressWarnings("unused") // called through JvmShared
    private static synchronized String sharedStart(String crds, String serviceAccount, Boolean withKubelet) {
        KubernetesControlPlane started = sharedPlane();
        try (KubernetesClient admin = sharedAdmin(started)) {
            for (String location : crds.split(",")) {
                if (!location.isBlank()) {
                    installCrds(admin, Path.of(location.trim()).toAbsolutePath());
                }
            }
            if (withKubelet && kubelet == null) {
                // The stand-in keeps a client of its own for as long as the JVM runs.
                kubelet = KubeletStandIn.start(sharedAdmin(started));
            }
            if (serviceAccount.isBlank()) {
                return started.adminToken();
            }
            return serviceTokens.computeIfAbsent(serviceAccount, name -> serviceIdentity(admin, name));
        }
    }

    @SuppressWarnings("unused") // called through JvmShared
    private static synchronized String sharedValue(String what) {
        KubernetesControlPlane started = sharedPlane();
        return switch (what) {
            case "url" -> started.serverUrl();
            case "token" -> started.adminToken();
            case "ca" -> started.caFile().toString();
            case "kubeconfig" -> started.adminKubeconfig().toString();
            default -> throw new IllegalArgumentException(what);
        };
    }

    private static KubernetesControlPlane sharedPlane() {
        if (plane == null) {
            KubernetesControlPlane started = KubernetesControlPlane.start(Dirs.fresh("kubernetes"));
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                if (kubelet != null) {
                                    kubelet.close();
                                }
                                started.close();
                                Dirs.deleteRecursively(started.directory());
                            },
                            "testkit-kubernetes-shutdown"));
            plane = started;
        }
        return plane;
    }

    private static KubernetesClient sharedAdmin(KubernetesControlPlane started) {
        return new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(Config.empty())
                        .withMasterUrl(started.serverUrl())
                        .withOauthToken(started.adminToken())
                        .withCaCertFile(started.caFile().toString())
                        .build())
                .build();
    }

    private static void installCrds(KubernetesClient admin, Path location) {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> list = Files.list(location)) {
                list.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                        .sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else if (Files.exists(location)) {
            files.add(location);
        }
        for (Path file : files) {
            for (HasMetadata item : load(admin, file)) {
                if (item instanceof CustomResourceDefinition crd) {
                    crd.getMetadata().setResourceVersion(null);
                    admin.resource(crd)
                            .forceConflicts()
                            .fieldManager("sealcloud-testkit")
                            .serverSideApply();
                    admin.apiextensions()
                            .v1()
                            .customResourceDefinitions()
                            .withName(crd.getMetadata().getName())
                            .waitUntilCondition(
                                    c -> c != null
                                            && c.getStatus() != null
                                            // The API server may publish a status before its first condition.
                                            && c.getStatus().getConditions() != null
                                            && c.getStatus().getConditions().stream()
                                                    .anyMatch(x -> "Established".equals(x.getType())
                                                            && "True".equals(x.getStatus())),
                                    30,
                                    TimeUnit.SECONDS);
                }
            }
        }
    }

    /**
     * Applies {@code deploy/base/<name>/}'s ServiceAccount and RBAC into {@value #SYSTEM_NAMESPACE} and returns a token
     * of that ServiceAccount, valid for a day.
     */
    private static String serviceIdentity(KubernetesClient admin, String name) {
        Path base = KubernetesControlPlane.findUpwards(Path.of("deploy", "base", name));
        admin.namespaces()
                .resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                        .withNewMetadata()
                        .withName(SYSTEM_NAMESPACE)
                        .endMetadata()
                        .build())
                .forceConflicts()
                .fieldManager("sealcloud-testkit")
                .serverSideApply();
        for (String file : List.of(
                "serviceaccount.yaml",
                "clusterrole.yaml",
                "clusterrolebinding.yaml",
                "role.yaml",
                "rolebinding.yaml")) {
            Path path = base.resolve(file);
            if (!Files.exists(path)) {
                continue;
            }
            for (HasMetadata item : load(admin, path)) {
                boolean namespaced = !(item.getKind().startsWith("Cluster"));
                if (namespaced) {
                    item.getMetadata().setNamespace(SYSTEM_NAMESPACE);
                }
                admin.resource(item)
                        .forceConflicts()
                        .fieldManager("sealcloud-testkit")
                        .serverSideApply();
            }
        }
        TokenRequest request = new TokenRequestBuilder()
                .withNewSpec()
                .withAudiences("https://kubernetes.default.svc")
                .withExpirationSeconds(86_400L)
                .endSpec()
                .build();
        return admin.serviceAccounts()
                .inNamespace(SYSTEM_NAMESPACE)
                .withName("sealcloud-" + name)
                .tokenRequest(request)
                .getStatus()
                .getToken();
    }

    private static List<HasMetadata> load(KubernetesClient admin, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return admin.load(in).items();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
