package io.sealcloud.appstore.domain.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateRenderingTest {

    private static final String HEADER = """
            apiVersion: app.sealos.io/v1
            kind: Template
            metadata:
              name: demo
            spec:
              title: Demo
              defaults:
                app_name:
                  type: string
                  value: demo-${{ random(8) }}
              inputs:
                mode:
                  type: choice
                  default: a
                  options: [a, b, c]
                text:
                  type: string
                  default: ''
                replicas:
                  type: number
                  default: '2'
            ---
            """;

    private static RenderedTemplate render(String body, Map<String, String> inputs) {
        TemplateSpec spec = TemplateParser.parse(HEADER + body);
        Rendering rendering = Rendering.start(spec, Samples.PLATFORM, "seed");
        rendering.resolveInputs(inputs);
        return rendering.render();
    }

    private static final String CONFIG_MAP = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: ${{ defaults.app_name }}
            data:
            """;

    @Test
    void ifElifElseKeepsExactlyOneBranch() {
        String body = CONFIG_MAP + """
                  ${{ if(inputs.mode === 'a') }}
                  branch: a
                  ${{ elif(inputs.mode === 'b') }}
                  branch: b
                  ${{ else() }}
                  branch: other
                  ${{ endif() }}
                """;

        assertThat(data(render(body, Map.of("mode", "a")))).containsEntry("branch", "a");
        assertThat(data(render(body, Map.of("mode", "b")))).containsEntry("branch", "b");
        assertThat(data(render(body, Map.of("mode", "c")))).containsEntry("branch", "other");
    }

    @Test
    void blocksNestAndAnInnerBlockOfADroppedBranchStaysDropped() {
        String body = CONFIG_MAP + """
                  ${{ if(inputs.mode === 'b') }}
                  outer: yes
                  ${{ if(inputs.text) }}
                  inner: yes
                  ${{ else() }}
                  inner: no
                  ${{ endif() }}
                  ${{ endif() }}
                  always: here
                """;

        assertThat(data(render(body, Map.of("mode", "a")))).containsOnlyKeys("always");
        assertThat(data(render(body, Map.of("mode", "b")))).containsEntry("inner", "no");
        assertThat(data(render(body, Map.of("mode", "b", "text", "x")))).containsEntry("inner", "yes");
    }

    @Test
    void aBlockMaySpanWholeDocuments() {
        String body = CONFIG_MAP + """
                  k: v
                ${{ if(inputs.mode === 'b') }}
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: extra
                ${{ endif() }}
                """;

        assertThat(render(body, Map.of("mode", "a")).objects()).hasSize(1);
        assertThat(render(body, Map.of("mode", "b")).objects())
                .extracting(o -> o.get("kind"))
                .containsExactly("ConfigMap", "Secret");
    }

    @Test
    void unbalancedDirectivesAreFormatErrorsNamingTheLine() {
        assertThatThrownBy(() -> render(CONFIG_MAP + "  ${{ if(inputs.text) }}\n  a: b\n", Map.of()))
                .isInstanceOf(TemplateFormatException.class)
                .hasMessageContaining("if() without endif()");
        assertThatThrownBy(() -> render(CONFIG_MAP + "  a: b\n  ${{ endif() }}\n", Map.of()))
                .isInstanceOf(TemplateFormatException.class)
                .hasMessageContaining("endif() without if()")
                .hasMessageContaining("line 29");
    }

    @Test
    void anInputValueCannotInjectYamlStructure() {
        String body = CONFIG_MAP + "  value: ${{ inputs.text }}\n  quoted: \"${{ inputs.text }}\"\n";
        String attack = "x\nkind: ClusterRole\n---\napiVersion: v1\nkind: Namespace";

        RenderedTemplate rendered = render(body, Map.of("text", attack));

        assertThat(rendered.objects()).hasSize(1);
        assertThat(rendered.objects().get(0)).containsEntry("kind", "ConfigMap");
        assertThat(data(rendered)).containsEntry("value", attack).containsEntry("quoted", attack);
    }

    @Test
    void plainScalarsAreTypedAfterSubstitutionAndQuotedOnesStayStrings() {
        String body = CONFIG_MAP + """
                  replicas: ${{ inputs.replicas }}
                  quoted: '${{ inputs.replicas }}'
                  size: ${{ inputs.replicas }}Gi
                  empty: ${{ inputs.text }}
                """;

        Map<String, Object> data = data(render(body, Map.of()));

        assertThat(data)
                .containsEntry("replicas", 2L)
                .containsEntry("quoted", "2")
                .containsEntry("size", "2Gi")
                .containsEntry("empty", null);
    }

    @Test
    void expressionsWithColonsAndHashesNeedNoQuoting() {
        String body = CONFIG_MAP + "  flag: ${{ inputs.mode === 'a' ? 'x: #1' : 'y' }}\n";

        assertThat(data(render(body, Map.of()))).containsEntry("flag", "x: #1");
    }

    @Test
    void keysMayHoldExpressions() {
        String body = CONFIG_MAP + "  ${{ defaults.app_name }}.conf: ok\n";

        RenderedTemplate rendered = render(body, Map.of());

        assertThat(data(rendered)).containsEntry(rendered.defaults().get("app_name") + ".conf", "ok");
    }

    @Test
    void platformVariablesAreAvailable() {
        String body = CONFIG_MAP + "  ns: ${{ SEALOS_NAMESPACE }}\n  host: a.${{ SEALOS_CLOUD_DOMAIN }}\n";

        assertThat(data(render(body, Map.of())))
                .containsEntry("ns", "ns-acme")
                .containsEntry("host", "a.apps.sealcloud.test");
    }

    @Test
    void aBadExpressionIsAFormatErrorNamingItsLine() {
        assertThatThrownBy(() -> render(CONFIG_MAP + "  a: ${{ inputs.text === }}\n", Map.of()))
                .isInstanceOf(TemplateFormatException.class)
                .hasMessageContaining("line 28");
    }

    @Test
    void kittenTtsTernaryFollowsTheBooleanInput() {
        TemplateSpec spec = Samples.spec("kitten-tts.yaml");
        Rendering on = Rendering.start(spec, Samples.PLATFORM, "s");
        Rendering off = Rendering.start(spec, Samples.PLATFORM, "s");
        off.resolveInputs(Map.of("hf_hub_enable_transfer", "false"));

        assertThat(env(on.render(), "StatefulSet", "HF_HUB_ENABLE_HF_TRANSFER")).isEqualTo("1");
        assertThat(env(off.render(), "StatefulSet", "HF_HUB_ENABLE_HF_TRANSFER"))
                .isEqualTo("0");
    }

    @Test
    void wechat2rssDefaultConcatenatesTheHostAndTheCloudDomain() {
        RenderedTemplate rendered = Rendering.start(Samples.spec("wechat2rss.yaml"), Samples.PLATFORM, "s")
                .render();

        assertThat(rendered.inputs().get("RSS_HOST"))
                .isEqualTo(rendered.defaults().get("app_host") + ".apps.sealcloud.test");
    }

    @Test
    void netbirdKeysAreBase64OfThirtyTwoRandomCharacters() {
        RenderedTemplate rendered = Rendering.start(Samples.spec("netbird.yaml"), Samples.PLATFORM, "s")
                .render();

        assertThat(rendered.defaults().get("datastore_encryption_key")).matches("[A-Za-z0-9+/]{43}=");
        assertThat(rendered.defaults().get("idp_encryption_key"))
                .isNotEqualTo(rendered.defaults().get("datastore_encryption_key"));
    }

    @Test
    void casdoorRendersADifferentDatabasePerDriver() {
        TemplateSpec spec = Samples.spec("casdoor.yaml");
        Map<String, Long> clusters = new java.util.HashMap<>();
        for (String driver : List.of("sqlite", "mysql", "postgres")) {
            Rendering rendering = Rendering.start(spec, Samples.PLATFORM, "s");
            rendering.resolveInputs(Map.of("driver_name", driver));
            clusters.put(
                    driver,
                    rendering.render().objects().stream()
                            .filter(o -> "Cluster".equals(o.get("kind")))
                            .count());
        }

        assertThat(clusters)
                .containsEntry("sqlite", 0L)
                .containsEntry("mysql", 1L)
                .containsEntry("postgres", 1L);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(RenderedTemplate rendered) {
        Object data = rendered.objects().get(0).get("data");
        return data == null ? Map.of() : (Map<String, Object>) data;
    }

    @SuppressWarnings("unchecked")
    private static Object env(RenderedTemplate rendered, String kind, String name) {
        Map<String, Object> object = rendered.objects().stream()
                .filter(o -> kind.equals(o.get("kind")))
                .findFirst()
                .orElseThrow();
        Map<String, Object> spec = (Map<String, Object>) object.get("spec");
        Map<String, Object> podSpec = (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
        for (Object c : (List<Object>) podSpec.get("containers")) {
            for (Object e : (List<Object>) ((Map<String, Object>) c).get("env")) {
                Map<String, Object> var = (Map<String, Object>) e;
                if (name.equals(var.get("name"))) {
                    return var.get("value");
                }
            }
        }
        throw new AssertionError("no env " + name);
    }
}
