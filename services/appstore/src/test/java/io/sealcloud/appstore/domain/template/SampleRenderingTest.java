package io.sealcloud.appstore.domain.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SampleRenderingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<String> samples() {
        return Samples.files().stream();
    }

    static RenderedTemplate render(String file, String seed) {
        return Rendering.start(Samples.spec(file), Samples.PLATFORM, seed).render();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySampleRendersWithDefaultInputsIntoKubernetesObjects(String file) throws Exception {
        RenderedTemplate rendered = render(file, "seed-1");

        assertThat(rendered.objects()).isNotEmpty();
        for (Map<String, Object> object : rendered.objects()) {
            assertThat(object.get("apiVersion")).as("apiVersion in %s", object).isInstanceOf(String.class);
            assertThat(object.get("kind")).as("kind in %s", object).isInstanceOf(String.class);
            assertThat(object.get("metadata")).isInstanceOf(Map.class);
            Object name = ((Map<?, ?>) object.get("metadata")).get("name");
            assertThat(name).as("metadata.name of a %s", object.get("kind")).isInstanceOf(String.class);
            assertThat((String) name).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
        }
        String json = JSON.writeValueAsString(rendered.objects());
        assertThat(json).doesNotContain("${{").doesNotContain("\u27E6");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void theSameSeedRendersTheSameObjectsAndAnotherSeedOtherNames(String file) throws Exception {
        String first = JSON.writeValueAsString(render(file, "seed-1").objects());
        String again = JSON.writeValueAsString(render(file, "seed-1").objects());
        String other = JSON.writeValueAsString(render(file, "seed-2").objects());

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void theDefaultsAreFullyEvaluated(String file) {
        RenderedTemplate rendered = render(file, "seed-1");

        assertThat(rendered.defaults().values()).allSatisfy(v -> assertThat(v).doesNotContain("${{"));
        assertThat(rendered.inputs().values()).allSatisfy(v -> assertThat(v).doesNotContain("${{"));
        assertThat(rendered.defaults()).containsKey("app_name");
        assertThat(rendered.defaults().get("app_name"))
                .startsWith(Samples.spec(file).name() + "-");
    }

    static List<Map<String, Object>> objectsOfKind(RenderedTemplate rendered, String kind) {
        return rendered.objects().stream()
                .filter(o -> kind.equals(o.get("kind")))
                .toList();
    }
}
