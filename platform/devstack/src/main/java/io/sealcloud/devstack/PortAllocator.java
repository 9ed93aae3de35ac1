package io.sealcloud.devstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Chooses ports: the previous run's port if it is still free, else the stable default, else any free port. Other
 * processes on a shared machine may hold the defaults, so every choice falls back.
 */
final class PortAllocator {

    private final IntPredicate isFree;
    private final Set<Integer> taken = new HashSet<>();

    PortAllocator() {
        this(PortAllocator::canBind);
    }

    PortAllocator(IntPredicate isFree) {
        this.isFree = isFree;
    }

    /** Reserves {@code port} as already in use by this stack (a component that keeps running). */
    int keep(int port) {
        taken.add(port);
        return port;
    }

    /** The first free of {@code previous} and {@code preferred}, else an ephemeral free port. */
    int choose(Integer previous, int preferred) {
        if (previous != null && previous > 0 && usable(previous)) {
            return keep(previous);
        }
        if (preferred > 0 && usable(preferred)) {
            return keep(preferred);
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = ephemeral();
            if (usable(port)) {
                return keep(port);
            }
        }
        throw new IllegalStateException("No free TCP port found");
    }

    private boolean usable(int port) {
        return !taken.contains(port) && isFree.test(port);
    }

    private static int ephemeral() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open a socket to find a free port", e);
        }
    }

    /** True when nothing listens on {@code port} on any local address (binding the wildcard conflicts with all). */
    static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // Sockets of a just-stopped run linger in TIME_WAIT; they do not make the port busy.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
