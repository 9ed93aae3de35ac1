package io.sealcloud.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Quarkus test resource behind {@link WithKeycloak}: the JVM's one Keycloak, started lazily. */
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {

    /**
     * System property: seconds to wait for Keycloak to serve the realm (default 600: ≈ 15 s on an idle machine, but
     * 290 s was measured on 2 cores shared with several builds).
     */
    public static final String START_TIMEOUT_PROPERTY = "sealcloud.keycloak.start-timeout-seconds";

    // Only the system class loader's copy of this class ever assigns it (see onSystemClassLoader).
    private static EmbeddedKeycloak keycloak;

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.oidc.auth-server-url", connection().get("issuer"));
    }

    /** Does nothing: Keycloak outlives each application so the next test class reuses it. */
    @Override
    public void stop() {}

    /**
     * Realm {@code sealcloud} of the JVM's Keycloak (starting it on first call, also from plain JUnit tests): tokens,
     * test users and clients.
     */
    public static KeycloakRealm realm() {
        Map<String, String> connection = connection();
        return new KeycloakRealm(
                connection.get("serverUrl"),
                EmbeddedKeycloak.REALM,
                connection.get("adminUsername"),
                connection.get("adminPassword"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> connection() {
        return (Map<String, String>) onSystemClassLoader("sharedConnection");
    }

    @SuppressWarnings("unused") // called through onSystemClassLoader
    private static synchronized Map<String, String> sharedConnection() {
        if (keycloak == null || !keycloak.isRunning()) {
            EmbeddedKeycloak started = EmbeddedKeycloak.builder(EmbeddedKeycloak.defaultDist())
                    .realmFile(EmbeddedKeycloak.defaultRealmFile())
                    .devMem(true)
                    // C1 only: measured 28 s instead of 53 s of CPU to a ready realm; tests never run long enough
                    // for C2's faster code to pay back.
                    .javaOptsAppend("-XX:TieredStopAtLevel=1")
                    .startTimeout(Duration.ofSeconds(Long.getLong(START_TIMEOUT_PROPERTY, 600)))
                    .logFile(Path.of(
                                    "target",
                                    "infra-run",
                                    "keycloak-" + ProcessHandle.current().pid() + ".log")
                            .toAbsolutePath())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "testkit-keycloak-shutdown"));
            keycloak = started;
        }
        return Map.of(
                "serverUrl", keycloak.serverUrl(),
                "issuer", keycloak.issuer(),
                "adminUsername", keycloak.adminUsername(),
                "adminPassword", keycloak.adminPassword());
    }

    /**
     * Calls a static no-argument method of this class's copy on the system class loader. Why: {@code @QuarkusTest}
     * loads test resources through a class loader that each application restart throws away; a static field there
     * would start one Keycloak per restart. The system class loader lives as long as the JVM. Only {@code java.*}
     * values cross (a map of strings). Same approach as the testkit's JvmShared, kept local so this file stands alone.
     */
    private static Object onSystemClassLoader(String method) {
        Class<?> owner;
        try {
            owner = Class.forName(KeycloakTestResource.class.getName(), true, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException e) {
            // Not on the system class path (an unusual launcher): this copy is the best there is.
            owner = KeycloakTestResource.class;
        }
        try {
            Method target = owner.getDeclaredMethod(method);
            target.setAccessible(true);
            return target.invoke(null);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot call KeycloakTestResource." + method, e);
        }
    }
}
