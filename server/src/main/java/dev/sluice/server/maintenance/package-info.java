/**
 * The maintenance the elected leader among the servers runs: {@link dev.sluice.server.maintenance.MaintenanceLoop}
 * runs the {@link dev.sluice.server.maintenance.MaintenanceDuty duties} (their SQL lives in
 * {@code dev.sluice.db.maintenance}) and records how each run went.
 */
package dev.sluice.server.maintenance;
