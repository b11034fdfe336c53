/**
 * Internals of the coordination service: the SQL of nodes and sessions, heartbeats, the expiry sweep, the
 * LISTEN/NOTIFY listener and the watch bookkeeping. Anything here may change without notice; use
 * {@link dev.sluice.coordination} instead.
 */
package dev.sluice.coordination.internal;
