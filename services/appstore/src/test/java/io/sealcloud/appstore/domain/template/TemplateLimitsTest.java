package io.sealcloud.appstore.domain.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 9: template expressions are bounded. {@code 'a'.replace('', 'aaaa')} is 9 characters, and each further
 * {@code .replace('', 'aaaa')} makes the string 5× longer: twenty calls would be ~10^14 characters.
 */
class TemplateLimitsTest {

    static final String EXPONENTIAL = "'a'" + ".replace('', 'aaaa')".repeat(20);

    private static String template(String defaultValue, String body) {
        return """
                apiVersion: app.sealos.io/v1
                kind: Template
                metadata:
                  name: bomb
                spec:
                  title: Bomb
                  defaults:
                    app_name:
                      type: string
                      value: bomb
                    payload:
                      type: string
                      value: "%s"
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: ${{ defaults.app_name }}
                data:
                %s
                """.formatted(defaultValue, body.indent(2));
    }

    private static TemplateFormatException renderFails(String text, TemplateLimits limits) {
        return assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> catchThrowableOfType(
                        TemplateFormatException.class,
                        () -> Rendering.start(TemplateParser.parse(text), Samples.PLATFORM, "seed", limits)
                                .render()));
    }

    @Test
    void anExponentialReplaceChainInAManifestIsRefusedBeforeItFillsTheHeap() {
        TemplateFormatException refused =
                renderFails(template("x", "bomb: ${{ " + EXPONENTIAL + " }}"), TemplateLimits.DEFAULTS);

        assertThat(refused).isInstanceOf(TemplateLimitException.class);
        assertThat(refused.getMessage())
                .contains("characters, more than the 131072 a template value may have")
                .contains(".replace('', 'aaaa')");
    }

    @Test
    void anExponentialChainThroughDefaultsIsRefused() {
        // Each default stays small enough alone; the third squares the second (6,249 characters → ~39 million).
        String text = """
                apiVersion: app.sealos.io/v1
                kind: Template
                metadata:
                  name: bomb
                spec:
                  title: Bomb
                  defaults:
                    first:
                      type: string
                      value: ${{ 'a'.replace('', 'aaaa').replace('', 'aaaa') }}
                    second:
                      type: string
                      value: ${{ defaults.first.replace('', 'aaaa').replace('', 'aaaa').replace('', 'aaaa') }}
                    third:
                      type: string
                      value: ${{ defaults.second.replace('', defaults.second) }}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: bomb
                """;

        TemplateFormatException refused = renderFails(text, TemplateLimits.DEFAULTS);

        assertThat(refused).isInstanceOf(TemplateLimitException.class);
        assertThat(refused.getMessage()).contains("spec.defaults.third");
    }

    @Test
    void aReplaceWhoseResultWouldBeTooLongIsRefusedBeforeItIsBuilt() {
        // 'a' → 9 → 89 characters, then 90 × 12 + 89 = 1,169: more than 1,000.
        String text =
                template("x", "a: ${{ 'a'.replace('', 'bbbb').replace('', 'cccccccc').replace('', 'dddddddddddd') }}");
        TemplateLimits small = new TemplateLimits(1_000, 1_000, 1_000_000);

        TemplateFormatException refused = renderFails(text, small);

        assertThat(refused.getMessage()).contains("would produce a value of").contains("more than the 1000");
        assertThat(BoundedUberspect.replacedLength("abc", "", 4))
                .isEqualTo("abc".replace("", "aaaa").length());
        assertThat(BoundedUberspect.replacedLength("abcabc", "bc", 5))
                .isEqualTo("abcabc".replace("bc", "xxxxx").length());
    }

    @Test
    void concatenationCountsTooAndEachExpressionHasAStepBudget() {
        String doubling = "${{ " + "'ab' + 'ab' + ".repeat(40) + "'' }}";
        TemplateLimits fewSteps = new TemplateLimits(131_072, 50, 1_000_000);

        TemplateFormatException refused = renderFails(template("x", "a: " + doubling), fewSteps);

        assertThat(refused.getMessage()).contains("more than 50 steps");
    }

    @Test
    void theRenderedSizeIsCapped() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            body.append("k").append(i).append(": ${{ defaults.payload }}\n");
        }
        String text = template("${{ random(200) }}", body.toString());
        TemplateLimits small = new TemplateLimits(131_072, 1_000, 5_000);

        TemplateFormatException refused = renderFails(text, small);

        assertThat(refused.getMessage()).contains("the rendered manifests exceed 5000 characters");
        // Within limits, the same template renders.
        assertThat(Rendering.start(TemplateParser.parse(text), Samples.PLATFORM, "seed")
                        .render()
                        .objects())
                .hasSize(1);
    }

    @Test
    void ordinaryExpressionsStayWellWithinTheDefaults() {
        String text = template("x", "a: ${{ 'hello'.replace('l', 'L') + '-' + random(8) }}");

        Map<String, Object> data = asMap(Rendering.start(TemplateParser.parse(text), Samples.PLATFORM, "seed")
                .render()
                .objects()
                .get(0)
                .get("data"));

        assertThat((String) data.get("a")).startsWith("heLLo-").hasSize(14);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }
}
