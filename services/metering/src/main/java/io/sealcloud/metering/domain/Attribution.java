package io.sealcloud.metering.domain;

import java.util.Map;

/**
 * The part of a workspace an object belongs to, from its labels: an app store instance, a terminal, a cluster, a
 * partner client (partner usage only) or other.
 *
 * @param kind {@code app}, {@code terminal}, {@code cluster}, {@code partner} or {@code other}
 * @param name the instance, terminal, cluster or client name; empty for {@code other}
 */
public record Attribution(String kind, String name) implements Comparable<Attribution> {

    public static final String APP_LABEL = "sealcloud.io/app-instance";
    public static final String TERMINAL_LABEL = "sealcloud.io/terminal";
    public static final String CLUSTER_LABEL = "sealcloud.io/cluster";

    public static final String APP = "app";
    public static final String TERMINAL = "terminal";
    public static final String CLUSTER = "cluster";
    public static final String PARTNER = "partner";
    public static final String OTHER = "other";

    public static final Attribution UNATTRIBUTED = new Attribution(OTHER, "");

    public Attribution {
        name = name == null ? "" : name;
    }

    /** By the first of the app-instance, terminal and cluster labels that is set (in that order), else other. */
    public static Attribution fromLabels(Map<String, String> labels) {
        if (labels == null) {
            return UNATTRIBUTED;
        }
        String app = labels.get(APP_LABEL);
        if (app != null && !app.isBlank()) {
            return new Attribution(APP, app);
        }
        String terminal = labels.get(TERMINAL_LABEL);
        if (terminal != null && !terminal.isBlank()) {
            return new Attribution(TERMINAL, terminal);
        }
        String cluster = labels.get(CLUSTER_LABEL);
        if (cluster != null && !cluster.isBlank()) {
            return new Attribution(CLUSTER, cluster);
        }
        return UNATTRIBUTED;
    }

    public static Attribution partner(String clientId) {
        return new Attribution(PARTNER, clientId);
    }

    /** The name as events carry it: {@code null} for an unnamed attribution. */
    public String nameOrNull() {
        return name.isEmpty() ? null : name;
    }

    /** {@code kind} or {@code kind/name}, for reports and CSV. */
    public String label() {
        return name.isEmpty() ? kind : kind + "/" + name;
    }

    @Override
    public int compareTo(Attribution other) {
        int byKind = kind.compareTo(other.kind);
        return byKind != 0 ? byKind : name.compareTo(other.name);
    }
}
