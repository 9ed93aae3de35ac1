package io.sealcloud.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One realm of a running Keycloak, for tests: tokens (direct grant, client credentials) and test users and clients
 * through the admin REST API, as the master realm's bootstrap admin. Plain Java (java.net.http and Jackson): usable
 * from any test, with or without Quarkus.
 */
public final class KeycloakRealm {

    /** The public client browsers and the CLI sign in with. */
    public static final String WEB_CLIENT = "sealcloud-web";

    /** The audience every sealcloud service checks. */
    public static final String API_AUDIENCE = "sealcloud-api";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String serverUrl;
    private final String realm;
    private final String adminUsername;
    private final String adminPassword;
    private final HttpClient http;

    private String adminToken;
    private long adminTokenRenewAt;

    /** A helper for {@code realm} on the server at {@code serverUrl} (e.g. {@code http://localhost:8180}). */
    public KeycloakRealm(String serverUrl, String realm, String adminUsername, String adminPassword) {
        this.serverUrl = Objects.requireNonNull(serverUrl);
        this.realm = Objects.requireNonNull(realm);
        this.adminUsername = Objects.requireNonNull(adminUsername);
        this.adminPassword = Objects.requireNonNull(adminPassword);
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public String serverUrl() {
        return serverUrl;
    }

    /** The realm's name, e.g. {@code sealcloud}. */
    public String name() {
        return realm;
    }

    /** The {@code iss} of this realm's tokens: {@code <serverUrl>/realms/<realm>}. */
    public String issuer() {
        return serverUrl + "/realms/" + realm;
    }

    /** The OAuth token endpoint. */
    public String tokenEndpoint() {
        return issuer() + "/protocol/openid-connect/token";
    }

    /** An access token for a user from client {@code sealcloud-web} (direct grant); it has audience sealcloud-api. */
    public String passwordToken(String username, String password) {
        return passwordToken(WEB_CLIENT, null, username, password);
    }

    /** An access token for a user from any client with direct grants on; {@code clientSecret} null for public ones. */
    public String passwordToken(String clientId, String clientSecret, String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        if (clientSecret != null) {
            form.put("client_secret", clientSecret);
        }
        form.put("username", username);
        form.put("password", password);
        return token(tokenEndpoint(), form);
    }

    /** An access token for a confidential client's service account (client credentials grant). */
    public String clientCredentialsToken(String clientId, String clientSecret) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        return token(tokenEndpoint(), form);
    }

    /** An access token of the master realm's bootstrap admin (client admin-cli), renewed before it expires. */
    public synchronized String adminToken() {
        if (adminToken == null || System.nanoTime() - adminTokenRenewAt > 0) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "password");
            form.put("client_id", "admin-cli");
            form.put("username", adminUsername);
            form.put("password", adminPassword);
            JsonNode response = tokenResponse(serverUrl + "/realms/master/protocol/openid-connect/token", form);
            adminToken = response.get("access_token").asText();
            // Renew with 15 s to spare: a request must not start with a token that expires on its way.
            long lifetime = Math.max(0, response.path("expires_in").asLong(60) - 15);
            adminTokenRenewAt = System.nanoTime() + Duration.ofSeconds(lifetime).toNanos();
        }
        return adminToken;
    }

    /**
     * Creates a user with exactly this username (stored lower case), a random password, a verified email
     * {@code <username>@example.com}, first and last name (Keycloak's user profile requires them), the realm's default
     * roles (so {@code user}) and {@code extraRealmRoles}. The server is shared by every test class of a JVM: a name
     * used twice fails; {@link #createUniqueUser} avoids that.
     */
    public TestUser createUser(String username, String... extraRealmRoles) {
        String name = username.toLowerCase(Locale.ROOT);
        String password = "pw-" + randomHex(12);
        ObjectNode user = JSON.createObjectNode()
                .put("username", name)
                .put("enabled", true)
                .put("email", name + "@example.com")
                .put("emailVerified", true)
                .put("firstName", name)
                .put("lastName", "Test");
        user.putArray("requiredActions");
        user.putArray("credentials")
                .addObject()
                .put("type", "password")
                .put("value", password)
                .put("temporary", false);
        HttpResponse<String> response = admin("POST", "/users", user);
        if (response.statusCode() == 409) {
            throw new IllegalStateException("User " + name + " already exists in realm " + realm
                    + " (one Keycloak serves every test class of this JVM: use createUniqueUser)");
        }
        String id = createdId(response, "user " + name);
        if (extraRealmRoles.length > 0) {
            grantRealmRoles(id, extraRealmRoles);
        }
        return new TestUser(id, name, password, this);
    }

    /** Like {@link #createUser} with username {@code <prefix>-<8 random hex digits>}. */
    public TestUser createUniqueUser(String prefix, String... extraRealmRoles) {
        return createUser(prefix + "-" + randomHex(4), extraRealmRoles);
    }

    /** Adds realm roles (e.g. {@code ops}, {@code partner}) to a user or service account user. */
    public void grantRealmRoles(String userId, String... roles) {
        ArrayNode representations = JSON.createArrayNode();
        for (String role : roles) {
            representations.add(adminJson("GET", "/roles/" + encode(role), null));
        }
        expectSuccess(
                admin("POST", "/users/" + userId + "/role-mappings/realm", representations),
                "grant " + String.join(",", roles) + " to " + userId);
    }

    /** Adds realm roles to a confidential client's service account (its client credentials tokens carry them). */
    public void grantServiceAccountRealmRoles(String clientId, String... roles) {
        String internalId = clientInternalId(clientId);
        JsonNode user = adminJson("GET", "/clients/" + internalId + "/service-account-user", null);
        grantRealmRoles(user.get("id").asText(), roles);
    }

    /**
     * Creates a confidential client with direct access grants and a service account (default roles, so {@code user})
     * and returns its random secret. {@code attributes} are Keycloak client attributes, e.g. {@code
     * access.token.lifespan=1} for tokens that expire after one second. With {@code audienceMapper} false its tokens
     * lack audience {@code sealcloud-api}, which every service must reject.
     */
    public String createClient(String clientId, Map<String, String> attributes, boolean audienceMapper) {
        String secret = "secret-" + randomHex(16);
        ObjectNode client = clientRepresentation(clientId, attributes, audienceMapper)
                .put("publicClient", false)
                .put("clientAuthenticatorType", "client-secret")
                .put("secret", secret)
                .put("serviceAccountsEnabled", true);
        createdId(admin("POST", "/clients", client), "client " + clientId);
        return secret;
    }

    /** Creates a public client with direct access grants (no secret): use {@code passwordToken(clientId, null, ...)}. */
    public void createPublicClient(String clientId, Map<String, String> attributes, boolean audienceMapper) {
        ObjectNode client =
                clientRepresentation(clientId, attributes, audienceMapper).put("publicClient", true);
        createdId(admin("POST", "/clients", client), "client " + clientId);
    }

    /** The claims of a JWT's payload, NOT verified: for assertions on tokens this realm issued. */
    public static Map<String, Object> claims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("Not a JWS compact serialization: " + parts.length + " parts");
        }
        try {
            return JSON.readValue(Base64.getUrlDecoder().decode(parts[1]), new TypeReference<>() {});
        } catch (IOException e) {
            throw new IllegalArgumentException("JWT payload is not JSON", e);
        }
    }

    private ObjectNode clientRepresentation(String clientId, Map<String, String> attributes, boolean audienceMapper) {
        ObjectNode client = JSON.createObjectNode()
                .put("clientId", clientId)
                .put("enabled", true)
                .put("protocol", "openid-connect")
                .put("standardFlowEnabled", false)
                .put("directAccessGrantsEnabled", true)
                .put("fullScopeAllowed", true);
        ObjectNode attrs = client.putObject("attributes");
        attributes.forEach(attrs::put);
        if (audienceMapper) {
            client.putArray("protocolMappers")
                    .addObject()
                    .put("name", "audience " + API_AUDIENCE)
                    .put("protocol", "openid-connect")
                    .put("protocolMapper", "oidc-audience-mapper")
                    .putObject("config")
                    .put("included.client.audience", API_AUDIENCE)
                    .put("access.token.claim", "true")
                    .put("introspection.token.claim", "true")
                    .put("id.token.claim", "false");
        }
        return client;
    }

    private String clientInternalId(String clientId) {
        JsonNode found = adminJson("GET", "/clients?clientId=" + encode(clientId), null);
        if (!found.isArray() || found.isEmpty()) {
            throw new IllegalStateException("No client " + clientId + " in realm " + realm);
        }
        return found.get(0).get("id").asText();
    }

    private String token(String endpoint, Map<String, String> form) {
        return tokenResponse(endpoint, form).get("access_token").asText();
    }

    private JsonNode tokenResponse(String endpoint, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = send(request);
        expectSuccess(response, "token for client " + form.get("client_id"));
        return parse(response.body());
    }

    private JsonNode adminJson(String method, String path, JsonNode body) {
        HttpResponse<String> response = admin(method, path, body);
        expectSuccess(response, method + " " + path);
        return parse(response.body());
    }

    private HttpResponse<String> admin(String method, String path, JsonNode body) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString());
        HttpRequest request = HttpRequest.newBuilder(URI.create(serverUrl + "/admin/realms/" + realm + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json")
                .method(method, publisher)
                .build();
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak request failed: " + request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + request.method() + " " + request.uri(), e);
        }
    }

    private static String createdId(HttpResponse<String> response, String what) {
        expectSuccess(response, "create " + what);
        String location = response.headers()
                .firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("Keycloak created " + what + " without a Location"));
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static void expectSuccess(HttpResponse<String> response, String what) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("Keycloak answered " + response.statusCode() + " to " + what + " ("
                    + response.request().method() + " " + response.request().uri() + "): " + response.body());
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isEmpty() ? JSON.missingNode() : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Keycloak answered with invalid JSON: " + body, e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
