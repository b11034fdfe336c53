/**
 * Sluice's coordination service: ZooKeeper's model (a tree of nodes with data and versions, ephemeral and
 * sequential nodes, sessions kept alive by heartbeats, one-shot and persistent watches, atomic multi) on
 * PostgreSQL tables, with recipes in {@link dev.sluice.coordination.recipes}. Start with
 * {@link dev.sluice.coordination.Coordinator}; the sessions table is described by
 * {@link dev.sluice.coordination.SessionRegistry}. Knows nothing about JMS.
 */
package dev.sluice.coordination;
