package io.sealcloud.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class StatusUpdaterTest {

    private static final Instant NOW = Instant.parse("2026-02-01T08:00:00Z");

    KubernetesMockServer server;
    KubernetesClient client;
    private StatusUpdater updater;

    @BeforeEach
    void setUp() {
        client.resource(Widget.crd()).create();
        updater = new StatusUpdater(client);
    }

    @Test
    void writesADifferentStatusAndSetsObservedGeneration() {
        Widget widget = client.resource(Widget.of("ns1", "w1", "red")).create();

        Widget written = updater.update(widget, readyStatus());

        Widget stored =
                client.resources(Widget.class).inNamespace("ns1").withName("w1").get();
        assertThat(written.getMetadata().getResourceVersion())
                .isNotEqualTo(widget.getMetadata().getResourceVersion());
        assertThat(stored.getStatus().getObservedGeneration())
                .isEqualTo(widget.getMetadata().getGeneration())
                .isNotNull();
        assertThat(Conditions.isTrue(stored.getStatus().getConditions(), Conditions.READY))
                .isTrue();
        assertThat(stored.getSpec().getColor()).isEqualTo("red");
    }

    @Test
    void skipsTheWriteWhenTheStatusIsUnchanged() {
        Widget widget = client.resource(Widget.of("ns1", "w1", "red")).create();
        Widget written = updater.update(widget, readyStatus());

        Widget again = updater.update(written, readyStatus());

        assertThat(again).isSameAs(written);
        assertThat(client.resources(Widget.class)
                        .inNamespace("ns1")
                        .withName("w1")
                        .get()
                        .getMetadata()
                        .getResourceVersion())
                .isEqualTo(written.getMetadata().getResourceVersion());
    }

    @Test
    void writesOntoTheLatestObjectWhenTheReconciledCopyIsStale() {
        Widget stale = client.resource(Widget.of("ns1", "w1", "red")).create();
        Widget changed = client.resources(Widget.class)
                .inNamespace("ns1")
                .withName("w1")
                .edit(w -> {
                    w.getSpec().setColor("blue");
                    return w;
                });
        assertThat(changed.getMetadata().getResourceVersion())
                .isNotEqualTo(stale.getMetadata().getResourceVersion());

        Widget written = updater.update(stale, readyStatus());

        Widget stored =
                client.resources(Widget.class).inNamespace("ns1").withName("w1").get();
        assertThat(Conditions.isTrue(stored.getStatus().getConditions(), Conditions.READY))
                .isTrue();
        assertThat(stored.getSpec().getColor())
                .as("the concurrent spec change survives")
                .isEqualTo("blue");
        assertThat(stored.getStatus().getObservedGeneration())
                .as("the status says which generation it was computed from")
                .isEqualTo(stale.getMetadata().getGeneration());
        assertThat(written.getMetadata().getResourceVersion())
                .isEqualTo(stored.getMetadata().getResourceVersion());
    }

    @Test
    void skipsTheWriteWhenTheServerAlreadyHasTheStatusAStaleCopyLacks() {
        Widget stale = client.resource(Widget.of("ns1", "w1", "red")).create();
        Widget written = updater.update(stale, readyStatus(NOW));

        // The same reconcile again on the stale copy (no status yet), one minute later.
        Widget again = updater.update(stale, readyStatus(NOW.plusSeconds(60)));

        assertThat(again.getMetadata().getResourceVersion())
                .isEqualTo(written.getMetadata().getResourceVersion());
        Widget stored =
                client.resources(Widget.class).inNamespace("ns1").withName("w1").get();
        assertThat(stored.getMetadata().getResourceVersion())
                .isEqualTo(written.getMetadata().getResourceVersion());
        assertThat(Conditions.find(stored.getStatus().getConditions(), Conditions.READY)
                        .orElseThrow()
                        .getLastTransitionTime())
                .isEqualTo(Conditions.format(NOW));
    }

    @Test
    void movesTheStoredTransitionTimeOnlyForAConditionWhoseStatusChanged() {
        Widget widget = client.resource(Widget.of("ns1", "w1", "red")).create();
        Widget written = updater.update(widget, readyStatus(NOW));
        Instant later = NOW.plusSeconds(60);
        List<Condition> conditions =
                Conditions.set(written.getStatus().getConditions(), "ChildReady", false, "Broken", "", 1L, later);
        conditions = Conditions.set(conditions, "Other", true, "Fine", "", 1L, later);
        Widget.Status changed = new Widget.Status();
        changed.setConditions(conditions);

        Widget after = updater.update(written, changed);

        assertThat(Conditions.find(after.getStatus().getConditions(), "ChildReady")
                        .orElseThrow()
                        .getLastTransitionTime())
                .isEqualTo(Conditions.format(later));
        assertThat(Conditions.find(after.getStatus().getConditions(), Conditions.READY)
                        .orElseThrow()
                        .getLastTransitionTime())
                .as("Ready is still True: its stored time stays")
                .isEqualTo(Conditions.format(NOW));
    }

    private static Widget.Status readyStatus() {
        return readyStatus(NOW);
    }

    /** Conditions as a reconciler computes them from an object without status, at {@code now}. */
    private static Widget.Status readyStatus(Instant now) {
        Widget.Status status = new Widget.Status();
        status.setConditions(Conditions.summaryReady(
                Conditions.set(List.of(), "ChildReady", true, "Applied", "", 1L, now), List.of("ChildReady"), 1L, now));
        return status;
    }
}
