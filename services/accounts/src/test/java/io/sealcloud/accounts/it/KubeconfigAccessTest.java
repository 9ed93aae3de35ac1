package io.sealcloud.accounts.it;

import static io.sealcloud.accounts.it.TeamsTest.account;
import static io.sealcloud.accounts.it.TeamsTest.binding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;
import io.sealcloud.testkit.ControlPlaneTestResource;
import io.sealcloud.testkit.KeycloakTestResource;
import io.sealcloud.testkit.TestUser;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Kubeconfigs issued through {@code POST …/kubeconfig}, checked against the real API server: what each role's token
 * may and may not do is decided by kube-apiserver's RBAC authorizer (real requests, and SelfSubjectAccessReviews for
 * the whole matrix of docs/services/accounts.md), never by the test; another workspace is out of reach; removing the
 * member revokes the token.
 */
@QuarkusTest
@WithKafka
@WithPostgres(database = "accounts")
@WithKeycloak
@WithControlPlane(serviceAccount = "accounts")
class KubeconfigAccessTest {

    private static final int OK = 200;
    private static final int FORBIDDEN = 403;
    private static final int UNAUTHORIZED = 401;

    /** One row of the RBAC matrix: a resource and verb, and whether owner, manager, developer may. */
    record Permission(String group, String resource, String verb, boolean owner, boolean manager, boolean developer) {
        boolean allowedFor(String role) {
            return switch (role) {
                case "owner" -> owner;
                case "manager" -> manager;
                default -> developer;
            };
        }
    }

    /** docs/services/accounts.md, "RBAC matrix". */
    static final List<Permission> MATRIX = List.of(
            new Permission("", "pods", "create", true, true, true),
            new Permission("", "pods", "delete", true, true, true),
            new Permission("", "services", "update", true, true, true),
            new Permission("", "configmaps", "create", true, true, true),
            new Permission("", "persistentvolumeclaims", "delete", true, true, true),
            new Permission("apps", "deployments", "create", true, true, true),
            new Permission("apps", "deployments/scale", "update", true, true, true),
            new Permission("apps", "statefulsets", "patch", true, true, true),
            new Permission("batch", "jobs", "create", true, true, true),
            new Permission("batch", "cronjobs", "delete", true, true, true),
            new Permission("networking.k8s.io", "ingresses", "create", true, true, true),
            new Permission("", "pods/exec", "create", true, true, true),
            new Permission("", "pods/portforward", "create", true, true, true),
            new Permission("", "pods/log", "get", true, true, true),
            new Permission("", "events", "list", true, true, true),
            new Permission("", "events", "create", false, false, false),
            new Permission("", "resourcequotas", "get", true, true, true),
            new Permission("", "resourcequotas", "update", false, false, false),
            new Permission("", "limitranges", "delete", false, false, false),
            new Permission("networking.k8s.io", "networkpolicies", "list", true, true, true),
            new Permission("networking.k8s.io", "networkpolicies", "delete", false, false, false),
            new Permission("", "secrets", "get", true, true, false),
            new Permission("", "secrets", "create", true, true, false),
            new Permission("rbac.authorization.k8s.io", "roles", "list", true, true, false),
            new Permission("rbac.authorization.k8s.io", "rolebindings", "create", true, false, false),
            new Permission("rbac.authorization.k8s.io", "roles", "escalate", false, false, false),
            new Permission("rbac.authorization.k8s.io", "roles", "bind", false, false, false),
            new Permission("", "serviceaccounts", "get", true, true, true),
            new Permission("", "serviceaccounts", "create", true, false, false),
            new Permission("", "users", "impersonate", false, false, false),
            new Permission("", "namespaces", "delete", false, false, false));

    @Test
    void eachRolesKubeconfigMayDoWhatItsRoleAllowsAndNothingElseAsTheApiServerDecides() {
        var realm = KeycloakTestResource.realm();
        TestUser owner = realm.createUniqueUser("kowner");
        TestUser manager = realm.createUniqueUser("kmanager");
        TestUser developer = realm.createUniqueUser("kdev");
        TestUser stranger = realm.createUniqueUser("kstranger");
        KubernetesClient admin = Cluster.admin();
        String id = TeamApi.createTeam(owner.token(), "roles")
                .statusCode(201)
                .extract()
                .path("id");
        String other = TeamApi.createTeam(stranger.token(), "elsewhere")
                .statusCode(201)
                .extract()
                .path("id");
        String ns = "ns-" + id;
        String otherNs = "ns-" + other;
        TeamApi.accept(manager.token(), TeamApi.inviteCode(owner.token(), id, "manager"))
                .statusCode(200);
        TeamApi.accept(developer.token(), TeamApi.inviteCode(owner.token(), id, "developer"))
                .statusCode(200);
        TeamsTest.awaitBindings(
                admin,
                ns,
                Set.of(binding("owner", owner), binding("manager", manager), binding("developer", developer)));
        SuspensionTest.awaitWorkspace(admin, id, Workspace::isReady);
        SuspensionTest.awaitWorkspace(admin, other, Workspace::isReady);

        Map<String, TestUser> members = new LinkedHashMap<>();
        members.put("owner", owner);
        members.put("manager", manager);
        members.put("developer", developer);
        for (var member : members.entrySet()) {
            String role = member.getKey();
            String token = issuedToken(member.getValue(), id, ns, role);
            try (KubernetesClient kubeconfig = ControlPlaneTestResource.clientWithToken(token)) {
                // The API server's RBAC cache learns a new binding within moments.
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> Kubeconfigs.status(
                                        () -> kubeconfig.pods().inNamespace(ns).list())
                                == OK);

                // Real requests, each answered by the API server.
                String suffix = role + "-" + UUID.randomUUID().toString().substring(0, 6);
                assertThat(Kubeconfigs.status(() -> kubeconfig
                                .configMaps()
                                .inNamespace(ns)
                                .resource(new ConfigMapBuilder()
                                        .withNewMetadata()
                                        .withName("cm-" + suffix)
                                        .endMetadata()
                                        .build())
                                .create()))
                        .as("%s creates a ConfigMap", role)
                        .isEqualTo(OK);
                assertThat(Kubeconfigs.status(() -> kubeconfig
                                .secrets()
                                .inNamespace(ns)
                                .resource(new SecretBuilder()
                                        .withNewMetadata()
                                        .withName("s-" + suffix)
                                        .endMetadata()
                                        .addToStringData("k", "v")
                                        .build())
                                .create()))
                        .as("%s creates a Secret", role)
                        .isEqualTo(role.equals("developer") ? FORBIDDEN : OK);
                assertThat(Kubeconfigs.status(() -> kubeconfig
                                .resourceQuotas()
                                .inNamespace(ns)
                                .resource(new ResourceQuotaBuilder()
                                        .withNewMetadata()
                                        .withName("more-" + suffix)
                                        .endMetadata()
                                        .withNewSpec()
                                        .addToHard("pods", new Quantity("1000"))
                                        .endSpec()
                                        .build())
                                .create()))
                        .as("%s cannot add quota", role)
                        .isEqualTo(FORBIDDEN);
                assertThat(Kubeconfigs.status(() -> kubeconfig
                                .network()
                                .networkPolicies()
                                .inNamespace(ns)
                                .withName("default-deny")
                                .delete()))
                        .as("%s cannot lift network isolation", role)
                        .isEqualTo(FORBIDDEN);
                assertThat(Kubeconfigs.status(() -> kubeconfig
                                .serviceAccounts()
                                .inNamespace(ns)
                                .resource(new ServiceAccountBuilder()
                                        .withNewMetadata()
                                        .withName("sa-" + suffix)
                                        .endMetadata()
                                        .build())
                                .create()))
                        .as("%s creates a ServiceAccount", role)
                        .isEqualTo(role.equals("owner") ? OK : FORBIDDEN);
                assertThat(Kubeconfigs.status(() -> kubeconfig
                                .rbac()
                                .roleBindings()
                                .inNamespace(ns)
                                .resource(new RoleBindingBuilder()
                                        .withNewMetadata()
                                        .withName("grant-" + suffix)
                                        .endMetadata()
                                        .withNewRoleRef("rbac.authorization.k8s.io", "Role", "sealcloud-developer")
                                        .addNewSubject()
                                        .withKind("User")
                                        .withName("oidc:someone-" + suffix)
                                        .endSubject()
                                        .build())
                                .create()))
                        .as("%s grants the developer Role inside the namespace", role)
                        .isEqualTo(role.equals("owner") ? OK : FORBIDDEN);
                // No escalation, even for the owner: the API server refuses to grant what the grantor lacks.
                assertThat(Kubeconfigs.status(() -> kubeconfig
                                .rbac()
                                .roleBindings()
                                .inNamespace(ns)
                                .resource(new RoleBindingBuilder()
                                        .withNewMetadata()
                                        .withName("admin-" + suffix)
                                        .endMetadata()
                                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                                        .addNewSubject()
                                        .withKind("User")
                                        .withName("oidc:" + member.getValue().id())
                                        .endSubject()
                                        .build())
                                .create()))
                        .as("%s cannot bind cluster-admin", role)
                        .isEqualTo(FORBIDDEN);
                assertThat(Kubeconfigs.status(() -> kubeconfig
                                .rbac()
                                .roles()
                                .inNamespace(ns)
                                .resource(new RoleBuilder()
                                        .withNewMetadata()
                                        .withName("quota-writer-" + suffix)
                                        .endMetadata()
                                        .addNewRule()
                                        .withApiGroups("")
                                        .withResources("resourcequotas")
                                        .withVerbs("update")
                                        .endRule()
                                        .build())
                                .create()))
                        .as("%s cannot write a Role granting quota writes", role)
                        .isEqualTo(FORBIDDEN);
                // Another workspace, and the cluster, are out of reach.
                assertThat(Kubeconfigs.status(
                                () -> kubeconfig.pods().inNamespace(otherNs).list()))
                        .as("%s in another workspace", role)
                        .isEqualTo(FORBIDDEN);
                assertThat(Kubeconfigs.status(() -> kubeconfig
                                .configMaps()
                                .inNamespace(otherNs)
                                .resource(new ConfigMapBuilder()
                                        .withNewMetadata()
                                        .withName("cm-" + suffix)
                                        .endMetadata()
                                        .build())
                                .create()))
                        .isEqualTo(FORBIDDEN);
                assertThat(Kubeconfigs.status(() -> kubeconfig.namespaces().list()))
                        .isEqualTo(FORBIDDEN);
                assertThat(Kubeconfigs.status(() -> kubeconfig.nodes().list())).isEqualTo(FORBIDDEN);
                assertThat(Kubeconfigs.status(() -> kubeconfig
                                .secrets()
                                .inNamespace("sealcloud-system")
                                .list()))
                        .isEqualTo(FORBIDDEN);

                // The whole matrix, as the API server's authorizer answers it.
                for (Permission p : MATRIX) {
                    assertThat(Kubeconfigs.can(kubeconfig, ns, p.group(), p.resource(), p.verb()))
                            .as("%s %s %s/%s in its namespace", role, p.verb(), p.group(), p.resource())
                            .isEqualTo(p.allowedFor(role));
                    assertThat(Kubeconfigs.can(kubeconfig, otherNs, p.group(), p.resource(), p.verb()))
                            .as("%s %s %s/%s in another workspace", role, p.verb(), p.group(), p.resource())
                            .isFalse();
                }
            }
        }
    }

    @Test
    void removingAMemberRevokesTheirKubeconfigWithinSixtySeconds() {
        var realm = KeycloakTestResource.realm();
        TestUser owner = realm.createUniqueUser("rowner");
        TestUser developer = realm.createUniqueUser("rdev");
        KubernetesClient admin = Cluster.admin();
        String id = TeamApi.createTeam(owner.token(), "revoke")
                .statusCode(201)
                .extract()
                .path("id");
        String ns = "ns-" + id;
        TeamApi.accept(developer.token(), TeamApi.inviteCode(owner.token(), id, "developer"))
                .statusCode(200);
        TeamsTest.awaitBindings(admin, ns, Set.of(binding("owner", owner), binding("developer", developer)));
        String token = issuedToken(developer, id, ns, "developer");
        try (KubernetesClient kubeconfig = ControlPlaneTestResource.clientWithToken(token)) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Kubeconfigs.status(
                                    () -> kubeconfig.pods().inNamespace(ns).list())
                            == OK);

            Instant removed = Instant.now();
            TeamApi.remove(owner.token(), id, developer.id()).statusCode(204);

            // The ServiceAccount is deleted: the API server no longer accepts any of its tokens.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Kubeconfigs.status(
                                    () -> kubeconfig.pods().inNamespace(ns).list())
                            == UNAUTHORIZED);
            assertThat(Duration.between(removed, Instant.now())).isLessThan(Duration.ofSeconds(60));
            assertThat(admin.serviceAccounts()
                            .inNamespace(TeamsTest.MEMBERS_NS)
                            .withName(account(id, developer))
                            .get())
                    .isNull();
        }
    }

    /** Issues a kubeconfig for the member and returns its token, after checking what the kubeconfig says. */
    private static String issuedToken(TestUser member, String id, String ns, String role) {
        String account = account(id, member);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Cluster.admin()
                                .serviceAccounts()
                                .inNamespace(TeamsTest.MEMBERS_NS)
                                .withName(account)
                                .get()
                        != null);
        String yaml = TeamApi.kubeconfig(member.token(), id, "{}")
                .statusCode(200)
                .extract()
                .path("kubeconfig");
        Config kubeconfig = Cluster.admin().getKubernetesSerialization().unmarshal(yaml, Config.class);
        assertThat(kubeconfig.getContexts().get(0).getContext().getNamespace()).isEqualTo(ns);
        assertThat(kubeconfig.getClusters().get(0).getCluster().getServer())
                .isEqualTo(ControlPlaneTestResource.serverUrl());
        String token = kubeconfig.getUsers().get(0).getUser().getToken();
        var claims = Kubeconfigs.claims(token);
        assertThat(claims.path("sub").asText())
                .as("%s's token", role)
                .isEqualTo("system:serviceaccount:" + TeamsTest.MEMBERS_NS + ":" + account);
        // The default lifetime, 24 h, granted by the API server itself.
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(86_400L);
        return token;
    }
}
