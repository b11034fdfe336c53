package dev.sluice.flume;

/**
 * A component configured from its keys. Components are created with a public no-argument constructor (built-in
 * types by their alias, custom ones by class name), then {@code configure} is called once before start.
 */
public interface Configurable {

    /** Reads the component's keys; throws {@link ConfigurationException} naming a wrong key. */
    void configure(ComponentContext context);
}
