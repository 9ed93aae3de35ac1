package io.sealcloud.appstore.operator.crd.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One installed app in a workspace namespace: which template version and revision it runs. Written by the app store
 * API from its database (the source of truth for revisions and their rendered objects), reconciled by {@code
 * AppInstanceReconciler}, which applies the revision's objects, prunes the rest and reports their readiness.
 */
@Group(AppInstance.GROUP)
@Version(AppInstance.VERSION)
@Kind("AppInstance")
@Plural("appinstances")
@Singular("appinstance")
@ShortNames("app")
@AdditionalPrinterColumn(name = "Template", jsonPath = ".spec.template", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Version", jsonPath = ".spec.version", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Revision", jsonPath = ".spec.revision", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Reason",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class AppInstance extends CustomResource<AppInstanceSpec, AppInstanceStatus> implements Namespaced {

    public static final String GROUP = "appstore.sealcloud.io";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    /** Held while the instance's objects exist: uninstall deletes them explicitly (no reliance on garbage collection). */
    public static final String FINALIZER = "appstore.sealcloud.io/uninstall";

    /** Summary condition: every object of the current revision is ready. */
    public static final String READY = "Ready";
    /** True while the current revision is being applied or is not ready yet (and its deadline has not passed). */
    public static final String PROGRESSING = "Progressing";
    /** True when the current revision could not be applied or missed its deadline. */
    public static final String DEGRADED = "Degraded";
}
