package io.sealcloud.appstore.it;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * Installs the generated AppInstance CRD into the mock API server before the application starts, as a cluster would
 * have it: the mock then knows the kind is namespaced with a status subresource.
 */
public class AppstoreKubernetesSetup implements Consumer<KubernetesServer> {

    static final String CRD = "META-INF/fabric8/appinstances.appstore.sealcloud.io-v1.yml";

    @Override
    public void accept(KubernetesServer server) {
        try (InputStream yaml = getClass().getClassLoader().getResourceAsStream(CRD)) {
            if (yaml == null) {
                throw new IllegalStateException(CRD + " is missing: the crd-generator-maven-plugin did not run");
            }
            var crds = server.getClient().apiextensions().v1().customResourceDefinitions();
            CustomResourceDefinition crd = crds.load(yaml).item();
            crds.resource(crd).create();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
