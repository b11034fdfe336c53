/**
 * The process operators run and the {@code sluice} command line: {@link dev.sluice.server.SluiceCommand} is the
 * entry point, {@link dev.sluice.server.SluiceServer} the running server (embedded or external PostgreSQL,
 * coordination membership, maintenance under leader election, admin endpoint).
 */
package dev.sluice.server;
