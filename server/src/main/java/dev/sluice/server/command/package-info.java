/**
 * The subcommands of {@code sluice}, one class each, with the option types and output formats they share.
 */
package dev.sluice.server.command;
