package io.sealcloud.testkit;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a {@code @QuarkusTest} a <b>real Kubernetes control plane</b> (etcd, kube-apiserver and
 * kube-controller-manager {@value KubernetesControlPlane#VERSION}, see {@link KubernetesControlPlane}) and the
 * {@link KubeletStandIn}, and points the application's Kubernetes client at it.
 *
 * <p>One control plane per JVM, started on first use and shared by every test class and application boot; CRDs are
 * installed (and waited for) before the application starts. The application talks to the API server either as admin
 * or, with {@link #serviceAccount()}, with exactly the RBAC its {@code deploy/base/<service>} manifests grant, so
 * that a permission missing from {@code deploy/} fails the test as it would fail in a cluster.
 *
 * <p>Tests act on the cluster through {@link ControlPlaneTestResource#adminClient()}, and as another identity through
 * {@link ControlPlaneTestResource#clientAs} (impersonation) or {@link ControlPlaneTestResource#clientWithToken}: the
 * API server decides what those may do, never the test.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@WithTestResource(value = ControlPlaneTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
public @interface WithControlPlane {

    /**
     * CRD files, or directories whose {@code *.yml}/{@code *.yaml} files are CRDs, relative to the module (Surefire's
     * working directory), separated by commas. Default: the CRDs the module's build generated.
     *
     * <p>One string, not an array: Quarkus compares the resource sets of consecutive test classes to decide whether
     * they share an application boot, and an array attribute compared by identity made every class boot anew.
     */
    String crds() default "target/classes/META-INF/fabric8";

    /**
     * Run the application as {@code system:serviceaccount:sealcloud-system:sealcloud-<name>} with the RBAC of {@code
     * deploy/base/<name>/} (ServiceAccount, ClusterRole(Binding), Role(Binding) applied as they are). Empty: admin.
     */
    String serviceAccount() default "";

    /** Start the {@link KubeletStandIn} so pods are bound and turn Running. */
    boolean kubelet() default true;
}
