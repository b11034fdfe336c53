/**
 * The web console the admin endpoint serves at {@code /}: HTML pages rendered here (destinations, a destination's
 * partitions, subscriptions and newest messages, dead letters, ready SQL queries) and charts of the last minutes
 * drawn in the browser by uPlot from a ring of samples. Read-only; everything from the database is escaped.
 */
package dev.sluice.server.admin.console;
