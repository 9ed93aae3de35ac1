package io.sealcloud.appstore.config;

import io.sealcloud.appstore.domain.template.TemplateLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Typed configuration of the app store ({@code sealcloud.appstore.*}); defaults are production-safe. */
@ConfigMapping(prefix = "sealcloud.appstore")
public interface AppstoreConfig {

    /** What the catalog imports at startup. */
    Catalog catalog();

    /** Values of the platform variables templates use ({@code SEALOS_*}). */
    Platform platform();

    /** Uploaded bundles. */
    Bundles bundles();

    /** Which kinds a template may create in a workspace. */
    Policy policy();

    /** Install, upgrade and rollback. */
    Lifecycle lifecycle();

    /** What rendering one template may cost (at import and at every install, upgrade and input check). */
    Rendering rendering();

    /** Bounds of a render: past one, the template is refused (422) instead of filling the heap. */
    interface Rendering {
        /** The longest string one step of an expression may produce. */
        @WithDefault("131072")
        int maxValueChars();

        /** Method calls and '+' operations one expression may make. */
        @WithDefault("1000")
        int maxSteps();

        /** The rendered manifests' size in characters (their text plus what the expressions add). */
        @WithDefault("4194304")
        long maxRenderedChars();

        default TemplateLimits limits() {
            return new TemplateLimits(maxValueChars(), maxSteps(), maxRenderedChars());
        }
    }

    /** Timeouts and history of app instances. */
    interface Lifecycle {
        /** How long an install may take to become Ready before it is reported failed (it is not removed). */
        @WithDefault("5m")
        Duration installTimeout();

        /**
         * How long an upgrade may take to become Ready before it is rolled back to the previous revision (atomic);
         * a request may ask for another timeout.
         */
        @WithDefault("5m")
        Duration upgradeTimeout();

        /** Revisions kept per instance (the current one always among them); older ones are deleted. */
        @WithDefault("10")
        int keptRevisions();

        /**
         * An AppInstance without a database row this long after its creation is an orphan (the install's transaction
         * failed after the resource was written) and is deleted; younger ones may belong to a commit in flight.
         */
        @WithDefault("1m")
        Duration orphanGrace();
    }

    /** Catalog bootstrap. */
    interface Catalog {
        /** Import the sample templates shipped in the service (classpath {@code catalog/}) at startup. */
        @WithDefault("true")
        boolean builtin();

        /** The version the shipped templates are imported as. */
        @WithDefault("1.0.0")
        String builtinVersion();

        /** A directory of template files ({@code *.yaml}, {@code *.yml}) imported at startup, if set. */
        Optional<Path> directory();

        /** The version the directory's templates are imported as. */
        @WithDefault("1.0.0")
        String directoryVersion();
    }

    /** Platform variables. */
    interface Platform {
        /** {@code SEALOS_CLOUD_DOMAIN}: apps get hosts {@code <name>.<domain>}. */
        @WithDefault("cloud.sealcloud.local")
        String cloudDomain();

        /** {@code SEALOS_CERT_SECRET_NAME}: the wildcard certificate Secret every workspace has. */
        @WithDefault("wildcard-cert")
        String certSecretName();

        /** {@code SEALOS_CLOUD_PORT}. */
        @WithDefault("443")
        String cloudPort();
    }

    /** Limits for uploaded bundles (tar.gz, zip or one YAML file). */
    interface Bundles {
        @WithDefault("16777216")
        long maxBytes();

        @WithDefault("200")
        int maxFiles();

        @WithDefault("1048576")
        long maxFileBytes();
    }

    /** Tenant policy. */
    interface Policy {
        /**
         * The namespaced kinds apps may create, as {@code group/Kind} ({@code Kind} for the core group); empty means
         * the built-in list (see docs/services/appstore.md).
         */
        Optional<List<String>> allowedKinds();

        /**
         * LoadBalancer Services one app may create (0: none, apps are reached through the platform's ingress). Count
         * them per workspace with the ResourceQuota's {@code services.loadbalancers}.
         */
        @WithDefault("0")
        int maxLoadBalancers();
    }
}
