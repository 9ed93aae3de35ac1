package io.sealcloud.testkit;

import io.quarkus.test.common.QuarkusTestResourceConfigurableLifecycleManager;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesServerTestResource;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.lang.annotation.Annotation;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Quarkus test resource behind {@link WithKubernetes}: Quarkus' own mock API server resource, declared with a scope
 * that lets test classes with the same resources share one application boot.
 */
public class KubernetesTestResource implements QuarkusTestResourceConfigurableLifecycleManager<WithKubernetes> {

    // Quarkus' resource does the work (server, client, config, @KubernetesTestServer injection); only its
    // declaration scope differs, so it is configured through a WithKubernetesTestServer carrying our values.
    private final KubernetesServerTestResource delegate = new KubernetesServerTestResource();

    @Override
    public void init(WithKubernetes annotation) {
        delegate.init(new ServerSettings(annotation));
    }

    @Override
    public Map<String, String> start() {
        return delegate.start();
    }

    @Override
    public void stop() {
        delegate.stop();
    }

    @Override
    public void inject(TestInjector testInjector) {
        delegate.inject(testInjector);
    }

    @SuppressWarnings("ClassExplicitlyAnnotation") // the only way to hand our values to Quarkus' resource
    private record ServerSettings(WithKubernetes values) implements WithKubernetesTestServer {

        @Override
        public boolean https() {
            return values.https();
        }

        @Override
        public boolean crud() {
            return values.crud();
        }

        @Override
        public int port() {
            return values.port();
        }

        @Override
        public Class<? extends Consumer<KubernetesServer>> setup() {
            return values.setup();
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return WithKubernetesTestServer.class;
        }
    }
}
