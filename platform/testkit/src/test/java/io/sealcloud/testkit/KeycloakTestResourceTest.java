package io.sealcloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What @WithKeycloak gives a Quarkus application, and that every class loader's copy shares one Keycloak. */
class KeycloakTestResourceTest {

    @Test
    void pointsQuarkusOidcAtTheSealcloudRealm() throws Exception {
        KeycloakTestResource resource = new KeycloakTestResource();

        Map<String, String> config = resource.start();

        String authServerUrl = config.get("quarkus.oidc.auth-server-url");
        assertThat(authServerUrl)
                .isEqualTo(KeycloakTestResource.realm().issuer())
                .endsWith("/realms/sealcloud");
        HttpResponse<Void> discovery = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(java.net.URI.create(authServerUrl + "/.well-known/openid-configuration"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        assertThat(discovery.statusCode()).isEqualTo(200);
    }

    @Test
    void copyLoadedByAnotherClassLoaderUsesTheSameKeycloak() throws Exception {
        String ours = KeycloakTestResource.realm().serverUrl();

        // Like a Quarkus application class loader: its own copy of every testkit class, thrown away afterwards.
        try (URLClassLoader isolated = new URLClassLoader(classPath(), ClassLoader.getPlatformClassLoader())) {
            Class<?> copy = isolated.loadClass(KeycloakTestResource.class.getName());
            Object realm = copy.getMethod("realm").invoke(null);
            String theirs = (String) realm.getClass().getMethod("serverUrl").invoke(realm);

            assertThat(copy).isNotSameAs(KeycloakTestResource.class);
            assertThat(theirs).isEqualTo(ours);
        }
    }

    private static URL[] classPath() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        return urls.toArray(URL[]::new);
    }
}
