/**
 * The metering service: samples what workspaces hold in the cluster, prices it with effective-dated price versions,
 * settles charges per rating window (published as {@code charge.created} through the outbox), reports usage and costs,
 * and ingests partner usage as CloudEvents.
 */
package io.sealcloud.metering;
