/**
 * The log's maintenance, as SQL: deleting expired messages, applying retention by time and size without bloating
 * the table, releasing records whose lease ran out, removing what dead coordination sessions owned, and the
 * statistics operators read. The server runs these on the elected leader only (one process at a time), but every
 * class here is also safe to run concurrently with another copy of itself: claims use {@code SKIP LOCKED}.
 * No JMS types here.
 */
package dev.sluice.db.maintenance;
