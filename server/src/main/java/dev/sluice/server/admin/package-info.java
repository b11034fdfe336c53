/**
 * The HTTP admin endpoint of a server: the web console at {@code /} (package {@code console}), {@code /health},
 * {@code /metrics} (Prometheus text format), {@code /api/destinations} and {@code /api/destinations/{name}} (JSON).
 * Served by the JDK's {@code com.sun.net.httpserver} on loopback by default.
 */
package dev.sluice.server.admin;
