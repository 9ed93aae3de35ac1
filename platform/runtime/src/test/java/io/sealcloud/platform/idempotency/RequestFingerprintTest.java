package io.sealcloud.platform.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestFingerprintTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final RequestFingerprint fingerprint = new RequestFingerprint(mapper);

    record Body(String name, int size, Map<String, Object> labels) {}

    @Test
    void ignoresMemberOrderAtEveryDepth() throws Exception {
        Object first = mapper.readTree("{\"a\": 1, \"b\": {\"x\": [1, 2], \"y\": \"z\"}}");
        Object second = mapper.readTree("{\"b\": {\"y\": \"z\", \"x\": [1, 2]}, \"a\": 1}");

        assertThat(fingerprint.of(first)).isEqualTo(fingerprint.of(second));
    }

    @Test
    void hashesARecordLikeTheSameJson() throws Exception {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("team", "core");
        labels.put("env", "prod");
        Object json =
                mapper.readTree("{\"size\": 2, \"labels\": {\"env\": \"prod\", \"team\": \"core\"}, \"name\": \"w\"}");

        assertThat(fingerprint.of(new Body("w", 2, labels))).isEqualTo(fingerprint.of(json));
    }

    @Test
    void tellsDifferentValuesAndArrayOrdersApart() throws Exception {
        String base = fingerprint.of(mapper.readTree("{\"a\": [1, 2]}"));

        assertThat(fingerprint.of(mapper.readTree("{\"a\": [2, 1]}"))).isNotEqualTo(base);
        assertThat(fingerprint.of(mapper.readTree("{\"a\": [1, 3]}"))).isNotEqualTo(base);
        assertThat(fingerprint.of(List.of(1, 2))).isNotEqualTo(base);
    }

    @Test
    void isAHexSha256AndHandlesNoBody() {
        assertThat(fingerprint.of(null)).matches("[0-9a-f]{64}");
        assertThat(fingerprint.of(null)).isNotEqualTo(fingerprint.of(Map.of()));
    }
}
