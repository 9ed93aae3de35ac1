package io.sealcloud.accounts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WorkspaceNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"abc", "team-atlas", "a1-b2", "a23456789012345678901234567890123456789z"})
    void acceptsDnsLabelsOfThreeToFortyCharactersStartingWithALetter(String name) {
        assertThat(WorkspaceNames.isValid(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ab",
                "1abc",
                "-abc",
                "abc-",
                "Team",
                "team_atlas",
                "team.atlas",
                "a234567890123456789012345678901234567890z"
            })
    void rejectsEverythingElse(String name) {
        assertThat(WorkspaceNames.isValid(name)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "alice, alice",
        "Alice.Smith@example.com, alice-smith-example-com",
        "42, u-42",
        "_bob_, bob",
        "x, x-ws",
        "'', u-ws",
        "åsa, sa-ws"
    })
    void derivesAValidPersonalNameFromAnyUsername(String username, String expected) {
        String name = WorkspaceNames.personalName(username);

        assertThat(name).isEqualTo(expected);
        assertThat(WorkspaceNames.isValid(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a-very-long-username-that-goes-on-and-on-beyond-forty",
                "z--------------------------------------------z-"
            })
    void cutsLongUsernamesToAValidName(String username) {
        String name = WorkspaceNames.personalName(username);

        assertThat(name).hasSizeLessThanOrEqualTo(WorkspaceNames.MAX_LENGTH);
        assertThat(WorkspaceNames.isValid(name)).isTrue();
    }
}
