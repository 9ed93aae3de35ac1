package io.sealcloud.appstore.domain.instance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RevisionDiffTest {

    static Map<String, Object> deployment(String image, int replicas) {
        return Map.of(
                "apiVersion",
                "apps/v1",
                "kind",
                "Deployment",
                "metadata",
                Map.of("name", "web"),
                "spec",
                Map.of(
                        "replicas",
                        replicas,
                        "template",
                        Map.of("spec", Map.of("containers", List.of(Map.of("name", "web", "image", image))))));
    }

    static Map<String, Object> secret(String password) {
        return Map.of(
                "apiVersion",
                "v1",
                "kind",
                "Secret",
                "metadata",
                Map.of("name", "db"),
                "stringData",
                Map.of("password", password));
    }

    static Map<String, Object> service(String name) {
        return Map.of("apiVersion", "v1", "kind", "Service", "metadata", Map.of("name", name));
    }

    @Test
    void changedAddedAndRemovedValuesAreListedByName() {
        var diff = RevisionDiff.of(
                Map.of("a", "1", "b", "2", "c", "3"), Map.of("a", "1", "b", "5", "d", "4"), List.of(), List.of());
        assertThat(diff.values())
                .containsExactly(
                        new RevisionDiff.ValueChange("b", "2", "5"),
                        new RevisionDiff.ValueChange("c", "3", null),
                        new RevisionDiff.ValueChange("d", null, "4"));
    }

    @Test
    void changedFieldsOfAnObjectAreGivenAsJsonPointers() {
        var diff = RevisionDiff.of(
                Map.of(), Map.of(), List.of(deployment("memos:0.18", 1)), List.of(deployment("memos:0.19", 2)));
        assertThat(diff.objects()).hasSize(1);
        var change = diff.objects().get(0);
        assertThat(change.change()).isEqualTo("changed");
        assertThat(change.kind()).isEqualTo("Deployment");
        assertThat(change.fields())
                .containsExactlyInAnyOrder(
                        new RevisionDiff.FieldChange("/spec/replicas", 1, 2),
                        new RevisionDiff.FieldChange(
                                "/spec/template/spec/containers/0/image", "memos:0.18", "memos:0.19"));
    }

    @Test
    void addedAndRemovedObjectsAreListed() {
        var diff = RevisionDiff.of(Map.of(), Map.of(), List.of(service("old")), List.of(service("new")));
        assertThat(diff.objects())
                .extracting(RevisionDiff.ObjectChange::name, RevisionDiff.ObjectChange::change)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("new", "added"),
                        org.assertj.core.groups.Tuple.tuple("old", "removed"));
    }

    @Test
    void secretValuesAreNeverShownOnlyThatTheyChange() {
        var diff = RevisionDiff.of(Map.of(), Map.of(), List.of(secret("hunter2")), List.of(secret("s3cret")));
        assertThat(diff.objects().get(0).fields())
                .containsExactly(new RevisionDiff.FieldChange("/stringData/password", "(hidden)", "(hidden)"));
    }

    @Test
    void identicalRevisionsHaveAnEmptyDiff() {
        var diff = RevisionDiff.of(
                Map.of("a", "1"), Map.of("a", "1"), List.of(deployment("x", 1)), List.of(deployment("x", 1)));
        assertThat(diff.isEmpty()).isTrue();
    }
}
