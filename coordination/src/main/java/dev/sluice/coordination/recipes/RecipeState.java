package dev.sluice.coordination.recipes;

/**
 * Lifecycle of a recipe object: created ({@link #LATENT}), running ({@link #STARTED}), finished
 * ({@link #CLOSED}); transitions only forward, by compare-and-set. Immutable.
 */
public enum RecipeState {
    LATENT,
    STARTED,
    CLOSED
}
