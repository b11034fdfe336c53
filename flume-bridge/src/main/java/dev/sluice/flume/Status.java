package dev.sluice.flume;

/** What one {@code process()} call of a pollable source or a sink achieved. */
public enum Status {
    /** Work was done; call again at once. */
    READY,
    /** Nothing to do (no input, empty channel): the runner may wait before the next call. */
    BACKOFF
}
