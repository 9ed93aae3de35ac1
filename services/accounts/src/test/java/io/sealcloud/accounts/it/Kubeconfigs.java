package io.sealcloud.accounts.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** What a kubeconfig's token is and may do, as the real API server answers (never decided by the test). */
final class Kubeconfigs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Kubeconfigs() {}

    /** The claims of a JWT (the payload, not verified: the API server verifies it on every request). */
    static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWT: " + parts.length + " parts");
        }
        try {
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the client's identity may do {@code verb} on {@code group/resource} in {@code namespace}, answered by
     * the API server's authorizer (SelfSubjectAccessReview, which every authenticated identity may create). A
     * subresource is written {@code pods/exec}.
     */
    static boolean can(KubernetesClient client, String namespace, String group, String resource, String verb) {
        String[] split = resource.split("/", 2);
        SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder()
                .withNewSpec()
                .withNewResourceAttributes()
                .withNamespace(namespace)
                .withGroup(group)
                .withResource(split[0])
                .withSubresource(split.length > 1 ? split[1] : null)
                .withVerb(verb)
                .endResourceAttributes()
                .endSpec()
                .build();
        return client.authorization()
                .v1()
                .selfSubjectAccessReview()
                .create(review)
                .getStatus()
                .getAllowed();
    }

    /** The HTTP status of a request the client really sends: 200 when it went through, else the API server's code. */
    static int status(Runnable request) {
        try {
            request.run();
            return 200;
        } catch (KubernetesClientException e) {
            return e.getCode();
        }
    }
}
