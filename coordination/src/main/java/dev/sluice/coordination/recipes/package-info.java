/**
 * Recipes on the coordination service, as Curator provides them on ZooKeeper: {@link
 * dev.sluice.coordination.recipes.LeaderLatch} (leader election), {@link
 * dev.sluice.coordination.recipes.DistributedLock} (a fair, re-entrant mutual-exclusion lock), {@link
 * dev.sluice.coordination.recipes.GroupMembership} and {@link dev.sluice.coordination.recipes.ConfigValue}.
 */
package dev.sluice.coordination.recipes;
