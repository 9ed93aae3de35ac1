package io.sealcloud.metering.domain;

import java.util.Map;

/**
 * One object of a workspace that costs money right now, with what it holds.
 *
 * @param workspaceId the workspace (from its namespace's label)
 * @param kind {@code Pod}, {@code PersistentVolumeClaim} or {@code Service}
 * @param namespace the object's namespace
 * @param name the object's name
 * @param attribution from the object's labels
 * @param allocations resource → allocation in the resource's base unit (millicores, MiB, ports, services, devices)
 */
public record InventoryItem(
        String workspaceId,
        String kind,
        String namespace,
        String name,
        Attribution attribution,
        Map<String, Long> allocations) {}
