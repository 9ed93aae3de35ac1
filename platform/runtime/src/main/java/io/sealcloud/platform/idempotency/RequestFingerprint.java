package io.sealcloud.platform.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a request body's canonical JSON: object members sorted by name at every depth, no insignificant
 * whitespace. Two bodies that differ only in member order or formatting have the same fingerprint.
 */
public final class RequestFingerprint {

    private final ObjectMapper canonical;

    /** Uses the application's mapper (its modules and settings) with sorted map entries. */
    public RequestFingerprint(ObjectMapper mapper) {
        this.canonical = mapper.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    }

    /** Hex SHA-256 of the canonical JSON of {@code body} ({@code null} hashes as JSON {@code null}). */
    public String of(Object body) {
        try {
            // Through plain maps and lists so every object, record or JsonNode alike, gets its members sorted.
            Object tree = body == null ? null : canonical.convertValue(body, Object.class);
            byte[] json = canonical.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException notJson) {
            throw new IllegalArgumentException("request body cannot be written as JSON", notJson);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JVM has SHA-256", impossible);
        }
    }
}
