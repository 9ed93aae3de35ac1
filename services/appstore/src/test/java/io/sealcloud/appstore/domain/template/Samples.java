package io.sealcloud.appstore.domain.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The sample templates the catalog ships with (src/main/resources/catalog). */
public final class Samples {

    public static final Map<String, String> PLATFORM = Map.of(
            "SEALOS_NAMESPACE", "ns-acme",
            "SEALOS_CLOUD_DOMAIN", "apps.sealcloud.test",
            "SEALOS_CERT_SECRET_NAME", "wildcard-cert",
            "SEALOS_SERVICE_ACCOUNT", "acme",
            // The app 'blog' of workspace 'acme' (TenantPolicyTest's placement).
            "SEALCLOUD_APP_HOST", "blog-acme");

    private Samples() {}

    public static List<String> files() {
        return read("catalog/templates.list").lines().filter(l -> !l.isBlank()).toList();
    }

    public static String text(String file) {
        return read("catalog/templates/" + file);
    }

    public static TemplateSpec spec(String file) {
        return TemplateParser.parse(text(file));
    }

    static String read(String resource) {
        try (InputStream in = Samples.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
