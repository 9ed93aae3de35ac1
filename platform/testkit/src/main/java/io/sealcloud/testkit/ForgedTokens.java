package io.sealcloud.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens an attacker can make, for the attack tests of every service: each must get a 401 problem+json and change
 * nothing. Built from a real token of the test realm, so that everything but the one forged property is right.
 *
 * <ul>
 *   <li>{@code alg-none}: the claims with {@code "alg":"none"} and no signature;
 *   <li>{@code unknown-key}: signed RS256 with a key the realm never had (same {@code kid});
 *   <li>{@code hs256-public-key-der} / {@code -pem}: HS256 with the realm's public RSA key as the HMAC secret (the
 *       algorithm-confusion attack);
 *   <li>{@code tampered-claims}: a real signature over other claims ({@code sub} changed);
 *   <li>{@code wrong-issuer}: a real, valid token of the realm reached under another host name (so another {@code
 *       iss});
 *   <li>{@code wrong-audience}: a real token without the {@code sealcloud-api} audience;
 *   <li>{@code expired}: a real token whose one-second lifetime has passed.
 * </ul>
 */
public final class ForgedTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private ForgedTokens() {}

    /** Every forged token, by name, for {@code user} of {@code realm}. Takes about three seconds (the expiry). */
    public static Map<String, String> all(KeycloakRealm realm, TestUser user) {
        String valid = user.token();
        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("alg-none", algNone(valid));
        forged.put("unknown-key", unknownKey(valid));
        PublicKey realmKey = realmPublicKey(realm, header(valid).path("kid").asText());
        forged.put("hs256-public-key-der", hs256(valid, realmKey.getEncoded()));
        forged.put("hs256-public-key-pem", hs256(valid, pem(realmKey).getBytes(StandardCharsets.US_ASCII)));
        forged.put("tampered-claims", tampered(valid));
        forged.put("wrong-issuer", wrongIssuer(realm, user));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String noAudience = "forged-no-aud-" + suffix;
        realm.createPublicClient(noAudience, Map.of(), false);
        forged.put("wrong-audience", realm.passwordToken(noAudience, null, user.username(), user.password()));
        String shortLived = "forged-short-" + suffix;
        realm.createPublicClient(shortLived, Map.of("access.token.lifespan", "1"), true);
        String expiring = realm.passwordToken(shortLived, null, user.username(), user.password());
        long exp = ((Number) KeycloakRealm.claims(expiring).get("exp")).longValue();
        sleepUntil(exp * 1000 + 2000);
        forged.put("expired", expiring);
        return forged;
    }

    static String algNone(String jwt) {
        ObjectNode header = JSON.createObjectNode().put("alg", "none").put("typ", "JWT");
        return encode(header) + "." + jwt.split("\\.")[1] + ".";
    }

    static String unknownKey(String jwt) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            PrivateKey key = generator.generateKeyPair().getPrivate();
            String[] parts = jwt.split("\\.");
            String signingInput = parts[0] + "." + parts[1];
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hs256(String jwt, byte[] secret) {
        ObjectNode header = header(jwt).deepCopy();
        header.put("alg", "HS256");
        String signingInput = encode(header) + "." + jwt.split("\\.")[1];
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return signingInput + "."
                    + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String tampered(String jwt) {
        String[] parts = jwt.split("\\.");
        try {
            ObjectNode claims =
                    (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            claims.put("sub", UUID.randomUUID().toString());
            return parts[0] + "." + encode(claims) + "." + parts[2];
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The same user's token fetched through 127.0.0.1 instead of localhost: Keycloak then issues another {@code iss}. */
    static String wrongIssuer(KeycloakRealm realm, TestUser user) {
        String server = realm.serverUrl().contains("localhost")
                ? realm.serverUrl().replace("localhost", "127.0.0.1")
                : realm.serverUrl().replace("127.0.0.1", "localhost");
        KeycloakRealm elsewhere = new KeycloakRealm(server, realm.name(), "unused", "unused");
        String token = elsewhere.passwordToken(user.username(), user.password());
        if (realm.issuer().equals(KeycloakRealm.claims(token).get("iss"))) {
            throw new IllegalStateException("Keycloak issued the same iss under another host name: "
                    + "the wrong-issuer token would be a valid one");
        }
        return token;
    }

    private static PublicKey realmPublicKey(KeycloakRealm realm, String kid) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(realm.issuer() + "/protocol/openid-connect/certs"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            for (JsonNode key : JSON.readTree(response.body()).path("keys")) {
                if (kid.equals(key.path("kid").asText())
                        && "RSA".equals(key.path("kty").asText())) {
                    BigInteger n = new BigInteger(
                            1, Base64.getUrlDecoder().decode(key.path("n").asText()));
                    BigInteger e = new BigInteger(
                            1, Base64.getUrlDecoder().decode(key.path("e").asText()));
                    return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
                }
            }
            throw new IllegalStateException("The realm's JWKS has no RSA key " + kid);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static JsonNode header(String jwt) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String encode(JsonNode node) {
        return B64.encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void sleepUntil(long epochMillis) {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
