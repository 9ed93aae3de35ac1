package io.sealcloud.accounts.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * What the API server serves, where supported Kubernetes versions differ (asked once, through discovery):
 *
 * <ul>
 *   <li>CronJobs: {@code batch/v1} from Kubernetes 1.21, only {@code batch/v1beta1} before (1.20). They are read and
 *       written at the served version as generic objects and handled as {@code batch/v1} models (the fields
 *       suspension touches are the same in both);
 *   <li>Job suspension ({@code spec.suspend}): on by default from 1.22; an older API server silently drops the field,
 *       so suspension sets parallelism to 0 there instead (see {@code WorkloadSuspension}).
 * </ul>
 */
@ApplicationScoped
public class ServedApis {

    static final String CRONJOB_V1 = "batch/v1";
    static final String CRONJOB_V1BETA1 = "batch/v1beta1";
    static final String CRONJOB = "CronJob";

    private static final Logger LOG = Logger.getLogger(ServedApis.class);

    private final KubernetesClient client;
    private volatile String cronJobVersion;
    private volatile Boolean jobSuspension;

    public ServedApis(KubernetesClient client) {
        this.client = client;
    }

    /** {@code batch/v1} when served, else {@code batch/v1beta1}. */
    public String cronJobVersion() {
        String version = cronJobVersion;
        if (version == null) {
            version = client.supports(CRONJOB_V1, CRONJOB) ? CRONJOB_V1 : CRONJOB_V1BETA1;
            LOG.infof("CronJobs are served as %s", version);
            cronJobVersion = version;
        }
        return version;
    }

    /** Whether Job {@code spec.suspend} is served (Kubernetes 1.22 or later). */
    public boolean jobSuspension() {
        Boolean supported = jobSuspension;
        if (supported == null) {
            VersionInfo version = client.getKubernetesVersion();
            supported = atLeast(version.getMajor(), version.getMinor(), 1, 22);
            LOG.infof(
                    "Kubernetes %s.%s: Jobs are suspended with %s",
                    version.getMajor(), version.getMinor(), supported ? "spec.suspend" : "parallelism 0");
            jobSuspension = supported;
        }
        return supported;
    }

    /** The CronJobs of a namespace, as {@code batch/v1} models whatever version was read. */
    public List<CronJob> cronJobs(String namespace) {
        var json = client.getKubernetesSerialization();
        return client
                .genericKubernetesResources(cronJobVersion(), CRONJOB)
                .inNamespace(namespace)
                .list()
                .getItems()
                .stream()
                .map(generic -> json.convertValue(generic, CronJob.class))
                .toList();
    }

    /**
     * {@code cronJob} (a {@code batch/v1} model) as the object the API server serves, for writing: same content,
     * served apiVersion.
     */
    public HasMetadata served(CronJob cronJob) {
        GenericKubernetesResource generic =
                client.getKubernetesSerialization().convertValue(cronJob, GenericKubernetesResource.class);
        generic.setApiVersion(cronJobVersion());
        generic.setKind(CRONJOB);
        return generic;
    }

    static boolean atLeast(String major, String minor, int wantMajor, int wantMinor) {
        int ma = leadingInt(major);
        int mi = leadingInt(minor);
        return ma > wantMajor || (ma == wantMajor && mi >= wantMinor);
    }

    /** "22" of "22+" (some distributions append a plus). */
    private static int leadingInt(String value) {
        String digits = value == null ? "" : value.replaceAll("[^0-9].*$", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }
}
