package io.sealcloud.accounts.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Typed configuration of the accounts service ({@code sealcloud.accounts.*}); defaults are production-safe. */
@ConfigMapping(prefix = "sealcloud.accounts")
public interface AccountsConfig {

    /** Default ResourceQuota of every workspace; a Workspace's {@code spec.quota} overrides single values. */
    Quota quota();

    /** Defaults the LimitRange gives containers that set no requests or limits. */
    Limits limits();

    /** How Kubernetes RBAC subjects are named. */
    Rbac rbac();

    /** The level-triggered database → Workspace resource sync. */
    Sync sync();

    /** Workspace quota defaults (generous: Sealos' defaults with more pods). */
    interface Quota {
        /** {@code limits.cpu}. */
        @WithDefault("16")
        String cpu();

        /** {@code limits.memory}. */
        @WithDefault("64Gi")
        String memory();

        /** {@code requests.storage}. */
        @WithDefault("100Gi")
        String storage();

        /** {@code pods}. */
        @WithDefault("100")
        int pods();

        /** {@code services.nodeports}. */
        @WithDefault("10")
        int nodePorts();
    }

    /** Container defaults. */
    interface Limits {
        @WithDefault("50m")
        String defaultRequestCpu();

        @WithDefault("64Mi")
        String defaultRequestMemory();

        @WithDefault("1")
        String defaultLimitCpu();

        @WithDefault("1Gi")
        String defaultLimitMemory();
    }

    /** RBAC naming. */
    interface Rbac {
        /**
         * Prefix the API server puts before OIDC usernames ({@code --oidc-username-prefix} or the structured
         * authentication config): RoleBinding subjects are {@code User <prefix><sub>}; the API server must take the
         * username from the {@code sub} claim (usernames can be renamed and reused, subjects cannot).
         */
        @WithDefault("oidc:")
        String userPrefix();

        /**
         * Namespace of the members' ServiceAccounts (what kubeconfigs act as). Not the workspace namespace: pods can
         * run as any ServiceAccount of their own namespace, so a developer could otherwise run as the owner's.
         */
        @WithDefault("sealcloud-members")
        String serviceAccountNamespace();
    }

    /** Sync settings. */
    interface Sync {
        /** How often every database workspace is checked for its Workspace resource. */
        @WithDefault("30s")
        Duration interval();
    }
}
