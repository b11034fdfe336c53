/**
 * The embedded PostgreSQL: binaries from a Maven artifact, data in a local folder, one owning process per folder,
 * schema migrated at start. Only {@code sluice server}, {@code sluice demo}, the examples and the tests need it; an
 * application that connects to a running server leaves {@code sluice-embedded} off its class path.
 */
package dev.sluice.embedded;
