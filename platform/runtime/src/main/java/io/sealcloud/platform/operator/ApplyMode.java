package io.sealcloud.platform.operator;

/** How {@link Applier} writes desired objects ({@code sealcloud.kubernetes.apply-mode}). */
public enum ApplyMode {
    /** Server-side apply; on the first 404/415 proven to mean "no SSA here", switch to client-side for good. */
    AUTO,
    /** Always server-side apply (a real API server). */
    SERVER_SIDE,
    /** Always client-side: create if absent, else merge onto the live object and update with its resourceVersion. */
    CLIENT_SIDE
}
