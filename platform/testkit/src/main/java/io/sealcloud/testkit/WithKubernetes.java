package io.sealcloud.testkit;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.function.Consumer;

/**
 * Quarkus' fabric8 mock API server ({@link WithKubernetesTestServer}, CRUD mode), but shared by every test class
 * with the same resources instead of rebooting the application for each class.
 *
 * <p>Why: {@code @WithKubernetesTestServer} is declared {@code restrictToAnnotatedClass = true}, which Quarkus treats
 * as "restart for every class that carries it", whatever the other classes carry. This one is
 * {@code MATCHING_RESOURCES}, like {@link WithKafka} and {@link WithPostgres}. Inject the server as usual with
 * {@code @KubernetesTestServer KubernetesServer server}. The cluster state then outlives a test class: use unique
 * names, as against a real shared cluster.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@WithTestResource(value = KubernetesTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
public @interface WithKubernetes {

    /** CRUD mode (objects are stored and served back); {@code false} = expectations only. */
    boolean crud() default true;

    /** Serve HTTPS instead of HTTP. */
    boolean https() default false;

    /** Fixed port; 0 = a free one. */
    int port() default 0;

    /** Runs once on the new server before the application starts (e.g. expectations, seed objects). */
    Class<? extends Consumer<KubernetesServer>> setup() default WithKubernetesTestServer.NO_SETUP.class;
}
