package io.sealcloud.accounts.service;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.NamedAuthInfoBuilder;
import io.fabric8.kubernetes.api.model.NamedClusterBuilder;
import io.fabric8.kubernetes.api.model.NamedContextBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.sealcloud.accounts.config.AccountsConfig;
import io.sealcloud.accounts.domain.Caller;
import io.sealcloud.accounts.domain.IssuedKubeconfig;
import io.sealcloud.accounts.domain.NotReadyException;
import io.sealcloud.accounts.operator.model.DesiredMemberAccess;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Kubeconfigs for members: a token of the caller's own ServiceAccount for that workspace (bound to the caller's role
 * by the controller), from the TokenRequest API, so it expires (default 24 h, at most 7 d) and dies with the account:
 * removing the member deletes the account, and rotation deletes it for the controller to recreate.
 */
@ApplicationScoped
public class KubeconfigService {

    private static final Logger LOG = Logger.getLogger(KubeconfigService.class);

    private final KubernetesClient client;
    private final TeamService team;
    private final AuditLog audit;
    private final AccountsConfig config;
    private final Clock clock;

    public KubeconfigService(
            KubernetesClient client, TeamService team, AuditLog audit, AccountsConfig config, Clock clock) {
        this.client = client;
        this.team = team;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /** Issues a kubeconfig for the caller in the workspace, with a token living {@code ttl}. */
    public Uni<IssuedKubeconfig> issue(Caller caller, String workspaceId, Duration ttl) {
        return Panache.withSession(() -> team.access(caller, workspaceId))
                .chain(access -> blocking(() -> requestKubeconfig(workspaceId, caller.id(), access.role(), ttl)))
                .call(issued -> Panache.withTransaction(() -> audit.record(
                        caller.id(),
                        "kubeconfig.issued",
                        workspaceId,
                        issued.serviceAccount(),
                        Map.of(
                                "role",
                                issued.role().wire(),
                                "expiresAt",
                                issued.expiresAt().toString()))));
    }

    /**
     * Revokes every token of the caller's account in the workspace by deleting the account; the controller creates
     * a fresh one (new uid: old tokens stay invalid) at once, from the watch event. Returns the account name.
     */
    public Uni<String> rotate(Caller caller, String workspaceId) {
        String name = DesiredMemberAccess.serviceAccountName(workspaceId, caller.id());
        String namespace = config.rbac().serviceAccountNamespace();
        // The entry commits only if the account was deleted (the delete runs inside the transaction).
        return Panache.withTransaction(() -> team.access(caller, workspaceId)
                .call(access -> audit.record(caller.id(), "kubeconfig.rotated", workspaceId, name, Map.of()))
                .chain(access -> blocking(() -> {
                    client.serviceAccounts()
                            .inNamespace(namespace)
                            .withName(name)
                            .delete();
                    LOG.infof("Deleted ServiceAccount %s/%s to rotate its tokens", namespace, name);
                    return name;
                })));
    }

    private IssuedKubeconfig requestKubeconfig(
            String workspaceId, String userId, io.sealcloud.accounts.domain.WorkspaceRole role, Duration ttl) {
        String accountNamespace = config.rbac().serviceAccountNamespace();
        String account = DesiredMemberAccess.serviceAccountName(workspaceId, userId);
        TokenRequest request = new TokenRequestBuilder()
                .withNewSpec()
                .withExpirationSeconds(ttl.toSeconds())
                .endSpec()
                .build();
        TokenRequest answer;
        try {
            answer = client.serviceAccounts()
                    .inNamespace(accountNamespace)
                    .withName(account)
                    .tokenRequest(request);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                throw new NotReadyException("Your access to this workspace is still being set up; try again shortly.");
            }
            throw e;
        }
        // The API server may cap the lifetime (--service-account-max-token-expiration): report what it granted.
        Instant expiresAt = answer.getStatus() != null && answer.getStatus().getExpirationTimestamp() != null
                ? OffsetDateTime.parse(answer.getStatus().getExpirationTimestamp())
                        .toInstant()
                : clock.instant().plus(ttl);
        String namespace = "ns-" + workspaceId;
        String yaml = client.getKubernetesSerialization()
                .asYaml(kubeconfig(
                        workspaceId, namespace, account, answer.getStatus().getToken()));
        return new IssuedKubeconfig(yaml, namespace, account, role, expiresAt);
    }

    private Config kubeconfig(String workspaceId, String namespace, String account, String token) {
        var cluster = new NamedClusterBuilder()
                .withName("sealcloud")
                .withNewCluster()
                .withServer(config.kubeconfig().server())
                .withCertificateAuthorityData(
                        config.kubeconfig().certificateAuthorityData().orElse(null))
                .endCluster()
                .build();
        return new ConfigBuilder()
                .withApiVersion("v1")
                .withKind("Config")
                .withClusters(cluster)
                .withUsers(new NamedAuthInfoBuilder()
                        .withName(account)
                        .withNewUser()
                        .withToken(token)
                        .endUser()
                        .build())
                .withContexts(new NamedContextBuilder()
                        .withName("sealcloud-" + workspaceId)
                        .withNewContext()
                        .withCluster("sealcloud")
                        .withUser(account)
                        .withNamespace(namespace)
                        .endContext()
                        .build())
                .withCurrentContext("sealcloud-" + workspaceId)
                .build();
    }

    /** Runs blocking Kubernetes calls on a worker and comes back to the caller's Vert.x context. */
    private static <T> Uni<T> blocking(java.util.function.Supplier<T> work) {
        Context context = Vertx.currentContext();
        Uni<T> uni = Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return context == null ? uni : uni.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }
}
