package io.sealcloud.appstore.domain.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionEngineTest {

    private static ExpressionEngine.Scope scope(Map<String, String> inputs) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("SEALOS_CLOUD_DOMAIN", "apps.test");
        variables.put("defaults", Map.of("app_host", "abc12345", "app_name", "demo"));
        variables.put("inputs", inputs);
        return new ExpressionEngine.Scope(variables, new TemplateFunctions("seed"));
    }

    private static Object eval(String source, Map<String, String> inputs) {
        return ExpressionEngine.evaluate(source, scope(inputs));
    }

    private static Object eval(String source) {
        return eval(source, Map.of("flag", "true", "empty", "", "off", "false", "n", "5"));
    }

    @Test
    void randomGivesLowercaseLettersAndDigitsOfTheAskedLength() {
        assertThat((String) eval("random(8)")).matches("[a-z0-9]{8}");
        assertThat((String) eval("random(40)")).matches("[a-z0-9]{40}");
    }

    @Test
    void randomIsDeterministicPerSeedAndAdvancesWithinARender() {
        ExpressionEngine.Scope scope = scope(Map.of());
        Object first = ExpressionEngine.evaluate("random(16)", scope);
        Object second = ExpressionEngine.evaluate("random(16)", scope);

        assertThat(second).isNotEqualTo(first);
        assertThat(ExpressionEngine.evaluate("random(16)", scope(Map.of()))).isEqualTo(first);
    }

    @Test
    void base64EncodesTheUtf8Text() {
        assertThat(eval("base64('sealcloud')")).isEqualTo("c2VhbGNsb3Vk");
        assertThat((String) eval("base64(random(32))")).hasSize(44);
    }

    @Test
    void strictEqualityTernaryAndConcatenationBehaveAsInJavaScript() {
        assertThat(eval("inputs.flag === 'true'")).isEqualTo(true);
        assertThat(eval("inputs.flag !== 'true'")).isEqualTo(false);
        assertThat(eval("inputs.n === 5")).isEqualTo(false);
        assertThat(eval("inputs.flag === 'true' ? '1' : '0'")).isEqualTo("1");
        assertThat(eval("defaults.app_host + '.' + SEALOS_CLOUD_DOMAIN")).isEqualTo("abc12345.apps.test");
        assertThat(eval("inputs.n + '5'")).isEqualTo("55");
        assertThat(eval("inputs.empty || 'fallback'")).isEqualTo("fallback");
    }

    @Test
    void truthinessIsJavaScripts() {
        assertThat(ExpressionEngine.truthy(eval("inputs.empty"))).isFalse();
        assertThat(ExpressionEngine.truthy(eval("inputs.missing"))).isFalse();
        // The string 'false' is truthy in JavaScript, and so here.
        assertThat(ExpressionEngine.truthy(eval("inputs.off"))).isTrue();
        assertThat(ExpressionEngine.truthy(eval("!inputs.empty"))).isTrue();
    }

    @Test
    void aMissingValueRendersAsEmptyText() {
        assertThat(ExpressionEngine.interpolate("x-${{ inputs.missing }}-y", scope(Map.of())))
                .isEqualTo("x--y");
    }

    @Test
    void javaClassesAreOutOfReach() {
        assertThat(eval("''.getClass()")).isNull();
        assertThatThrownBy(() -> eval("new('java.io.File', '/etc/passwd')"))
                .isInstanceOf(TemplateFormatException.class);
        assertThat(eval("defaults.getClass()")).isNull();
        assertThat(eval("random.getClass()")).isNull();
    }

    @Test
    void scriptsLoopsAndAssignmentsAreRejected() {
        assertThatThrownBy(() -> eval("x = 1")).isInstanceOf(TemplateFormatException.class);
        assertThatThrownBy(() -> eval("for (i : [1,2]) { i }")).isInstanceOf(TemplateFormatException.class);
        assertThatThrownBy(() -> eval("var a = 1; a")).isInstanceOf(TemplateFormatException.class);
        assertThatThrownBy(() -> eval("(x) -> x")).isInstanceOf(TemplateFormatException.class);
    }

    @Test
    void anUnknownFunctionIsAnError() {
        assertThatThrownBy(() -> eval("exec('ls')")).isInstanceOf(TemplateFormatException.class);
    }

    @Test
    void randomRefusesAbsurdLengths() {
        assertThatThrownBy(() -> eval("random(100000)")).isInstanceOf(TemplateFormatException.class);
    }

    @Test
    void stringMethodsMayBeCalled() {
        assertThat(eval("defaults.app_name.toUpperCase()")).isEqualTo("DEMO");
    }

    @Test
    void anUnknownVariableIsAnErrorButAMissingInputIsEmpty() {
        assertThatThrownBy(() -> eval("SEALOS_NAMESPAC")).isInstanceOf(TemplateFormatException.class);
        assertThat(eval("inputs.nothing + 'x'")).isEqualTo("x");
    }
}
