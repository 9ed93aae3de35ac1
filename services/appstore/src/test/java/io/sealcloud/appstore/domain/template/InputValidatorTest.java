package io.sealcloud.appstore.domain.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputValidatorTest {

    private static Map<String, String> validate(String sample, Map<String, Object> inputs) {
        TemplateSpec spec = Samples.spec(sample);
        return InputValidator.validate(spec, inputs, Rendering.start(spec, Samples.PLATFORM, "seed"));
    }

    private static List<InputViolation> violations(String sample, Map<String, Object> inputs) {
        return catchThrowableOfType(InvalidInputsException.class, () -> validate(sample, inputs))
                .violations();
    }

    @Test
    void defaultsFillWhatIsNotSupplied() {
        Map<String, String> values = validate("casdoor.yaml", Map.of());

        assertThat(values).containsEntry("driver_name", "sqlite");
    }

    @Test
    void typedJsonValuesAreCarriedAsTheStringsTemplatesCompare() {
        Map<String, String> values = validate(
                "budibase.yaml",
                Map.of("admin_email", "a@b.c", "admin_password", "secret123", "enable_analytics", true));

        assertThat(values).containsEntry("enable_analytics", "true");
        assertThat(validate("laf.yaml", Map.of("minio_storage", 20))).containsEntry("minio_storage", "20");
        assertThat(validate("laf.yaml", Map.of("minio_storage", "7.5"))).containsEntry("minio_storage", "7.5");
    }

    @Test
    void aMissingRequiredInputIsReportedAtItsPointer() {
        assertThat(violations("wechat2rss.yaml", Map.of("LIC_EMAIL", "me@example.com")))
                .containsExactly(new InputViolation("/inputs/LIC_CODE", "is required"));
    }

    @Test
    void aRequiredInputWithAnEmptyDefaultMustBeSupplied() {
        assertThat(violations("budibase.yaml", Map.of()))
                .extracting(InputViolation::pointer)
                .containsExactly("/inputs/admin_email", "/inputs/admin_password");
    }

    @Test
    void aHiddenInputThatIsSuppliedIsRejected() {
        Map<String, Object> inputs = Map.of("admin_email", "a@b.c", "admin_password", "x", "smtp_host", "mail");

        assertThat(violations("budibase.yaml", inputs))
                .containsExactly(new InputViolation(
                        "/inputs/smtp_host",
                        "is hidden (shown only when inputs.smtp_enabled === 'true'); leave it out"));
    }

    @Test
    void aConditionalInputIsAcceptedOnceItsConditionHolds() {
        Map<String, String> values = validate(
                "budibase.yaml",
                Map.of("admin_email", "a@b.c", "admin_password", "x", "smtp_enabled", "true", "smtp_host", "mail"));

        assertThat(values).containsEntry("smtp_host", "mail");
    }

    @Test
    void unknownInputsAreRejected() {
        assertThat(violations("casdoor.yaml", Map.of("drivr_name", "mysql")))
                .containsExactly(
                        new InputViolation("/inputs/drivr_name", "unknown input: this template takes driver_name"));
        assertThat(violations("jsoncrack.yaml", Map.of("a/b", "x")))
                .containsExactly(new InputViolation("/inputs/a~1b", "unknown input: this template takes no inputs"));
    }

    @Test
    void valuesOfTheWrongTypeAreRejected() {
        assertThat(violations("casdoor.yaml", Map.of("driver_name", "oracle")))
                .containsExactly(new InputViolation("/inputs/driver_name", "must be one of sqlite, mysql, postgres"));
        assertThat(violations("laf.yaml", Map.of("minio_storage", "lots")))
                .containsExactly(new InputViolation("/inputs/minio_storage", "must be a number"));
        assertThat(violations("flowise.yaml", Map.of("USE_POSTGRESQL", "yes")))
                .containsExactly(new InputViolation("/inputs/USE_POSTGRESQL", "must be true or false"));
        assertThat(violations("ubuntu-sshd.yaml", Map.of("ROOT_PASSWORD", 42)))
                .containsExactly(new InputViolation("/inputs/ROOT_PASSWORD", "must be a string"));
    }

    @Test
    void everyBadInputIsReportedAtOnce() {
        assertThat(violations("laf.yaml", Map.of("minio_storage", "x", "prometheus_storage", false, "other", 1)))
                .extracting(InputViolation::pointer)
                .containsExactly("/inputs/other", "/inputs/minio_storage", "/inputs/prometheus_storage");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSchemaDescribesTypesChoicesRequiredAndVisibility() {
        Map<String, Object> schema = InputSchema.of(Samples.spec("budibase.yaml"));
        Map<String, Object> properties = (Map<String, Object>) schema.get("properties");

        assertThat(schema).containsEntry("type", "object").containsEntry("additionalProperties", false);
        assertThat((List<String>) schema.get("required")).containsExactly("admin_email", "admin_password");
        assertThat((Map<String, Object>) properties.get("smtp_host"))
                .containsEntry("x-sealcloud-visible-if", "inputs.smtp_enabled === 'true'")
                .containsEntry("type", "string");
        assertThat((Map<String, Object>) properties.get("enable_analytics"))
                .containsEntry("default", "false")
                .containsEntry("enum", List.of(true, false, "true", "false"));

        Map<String, Object> casdoor = (Map<String, Object>) ((Map<String, Object>)
                        InputSchema.of(Samples.spec("casdoor.yaml")).get("properties"))
                .get("driver_name");
        assertThat(casdoor).containsEntry("enum", List.of("sqlite", "mysql", "postgres"));

        Map<String, Object> rssHost = (Map<String, Object>) ((Map<String, Object>)
                        InputSchema.of(Samples.spec("wechat2rss.yaml")).get("properties"))
                .get("RSS_HOST");
        assertThat(rssHost).containsKey("x-sealcloud-default-expression").doesNotContainKey("default");
    }
}
