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

    /** Invitations to team workspaces. */
    Invitations invitations();

    /** Kubeconfigs issued to members. */
    Kubeconfig kubeconfig();

    /** The ledger's Micrometer meters. */
    Metrics metrics();

    /** Offers of a workspace's ownership. */
    OwnershipTransfers ownershipTransfers();

    /** Ownership offer settings. */
    interface OwnershipTransfers {
        /** How long the member an ownership is offered to has to accept it. */
        @WithDefault("7d")
        Duration ttl();
    }

    /** Invitation settings. */
    interface Invitations {
        /** How long an invitation code can be used. */
        @WithDefault("30m")
        Duration ttl();
    }

    /** What a kubeconfig points at and how long its token lives. */
    interface Kubeconfig {
        /** The API server URL members reach (not necessarily the one this service uses). */
        @WithDefault("https://kubernetes.default.svc")
        String server();

        /** Base64 PEM of the API server's CA; empty: the kubeconfig relies on the system trust store. */
        java.util.Optional<String> certificateAuthorityData();

        /** Token lifetime when the request gives none. */
        @WithDefault("24h")
        Duration defaultTtl();

        /** Longest token lifetime a request may ask for. */
        @WithDefault("7d")
        Duration maxTtl();

        /** Shortest token lifetime (the TokenRequest API refuses less than 10 minutes). */
        @WithDefault("10m")
        Duration minTtl();
    }

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

    /** The ledger. */
    Ledger ledger();

    /** Payments and their providers. */
    Payments payments();

    /** The debt ladder. */
    Debt debt();

    /** Ledger settings (money in micro-units: 1 unit = 1,000,000). */
    interface Ledger {
        /** Credit every new account gets once, at sign-up (a gift that does not expire); 0 for none. */
        @WithDefault("5000000")
        long signupCredit();

        /** How often expired gift credit is taken back (it is also taken back whenever the account books). */
        @WithDefault("1m")
        Duration creditExpiryInterval();
    }

    /** Payment settings. */
    interface Payments {
        /** How long an order can be paid. */
        @WithDefault("15m")
        Duration orderTtl();

        /** Smallest order. */
        @WithDefault("1000000")
        long minAmountMicros();

        /** Largest order. */
        @WithDefault("100000000000")
        long maxAmountMicros();

        /** The built-in sandbox provider (no money moves; ops complete its orders). Never in production. */
        Sandbox sandbox();

        /** The built-in HMAC-signed webhook provider. */
        Webhook webhook();

        interface Sandbox {
            @WithDefault("false")
            boolean enabled();
        }

        interface Webhook {
            /** Enabled when a secret is set. */
            java.util.Optional<String> secret();

            /** How far a signature's timestamp may be from now (both ways). */
            @WithDefault("5m")
            Duration tolerance();

            /** Where users pay; {orderId} and {amountMicros} are replaced. */
            java.util.Optional<String> checkoutUrl();
        }

        /** How often pending orders past their expiry are marked expired in the database. */
        @WithDefault("1m")
        Duration expirySweepInterval();
    }

    /** Debt ladder settings. */
    interface Debt {
        /** At or below: low-balance. */
        @WithDefault("10000000")
        long lowMicros();

        /** At or below: critical-balance. */
        @WithDefault("5000000")
        long criticalMicros();

        /** Time in debt before workloads are deleted. */
        @WithDefault("7d")
        Duration deletionAfter();

        /** Time in debt-deletion before the workspaces are deleted. */
        @WithDefault("7d")
        Duration finalAfter();

        /** How often the time-based steps are checked. */
        @WithDefault("1m")
        Duration checkInterval();
    }

    /** Metrics settings. */
    interface Metrics {
        /** How often the accounts-by-debt-state gauge is read from the database. */
        @WithDefault("30s")
        Duration refreshInterval();
    }

    /** Sync settings. */
    interface Sync {
        /** How often every database workspace is checked for its Workspace resource. */
        @WithDefault("30s")
        Duration interval();
    }
}
