package io.sealcloud.accounts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkspaceIdsTest {

    @Test
    void makesTenCharacterLowerCaseIdsThatStartWithALetter() {
        for (int i = 0; i < 1000; i++) {
            assertThat(WorkspaceIds.newId()).matches("^[a-z][a-z2-7]{9}$");
        }
    }

    @Test
    void makesNamespacesThatAreDnsLabels() {
        assertThat(WorkspaceIds.namespaceOf(WorkspaceIds.newId())).matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    }

    @Test
    void doesNotRepeatIds() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(WorkspaceIds.newId());
        }
        assertThat(ids).hasSize(10_000);
    }
}
