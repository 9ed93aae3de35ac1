package io.sealcloud.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortAllocatorTest {

    @Test
    void reusesThePreviousRunsPortWhenItIsFree() {
        PortAllocator ports = new PortAllocator(port -> true);

        assertThat(ports.choose(18081, 8081)).isEqualTo(18081);
    }

    @Test
    void fallsBackToTheDefaultThenToAnyFreePort() {
        Set<Integer> busy = Set.of(18081, 8081);
        PortAllocator ports = new PortAllocator(port -> !busy.contains(port));

        assertThat(ports.choose(null, 8082)).isEqualTo(8082);
        int fallback = ports.choose(18081, 8081);
        assertThat(fallback).isNotIn(18081, 8081).isPositive();
    }

    @Test
    void neverHandsOutOnePortTwice() {
        PortAllocator ports = new PortAllocator(port -> true);

        int first = ports.choose(null, 9092);
        int second = ports.choose(null, 9092);

        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void seesAPortAnotherProcessListensOn() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThat(PortAllocator.canBind(taken.getLocalPort())).isFalse();
            assertThat(new PortAllocator().choose(null, taken.getLocalPort())).isNotEqualTo(taken.getLocalPort());
        }
    }
}
