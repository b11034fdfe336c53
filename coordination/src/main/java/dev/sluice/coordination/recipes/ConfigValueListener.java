package dev.sluice.coordination.recipes;

import java.util.Optional;

/**
 * Told the new value of a {@link ConfigValue} when it changes (empty: the node was deleted). Called on the
 * coordinator's event thread; must return quickly.
 */
@FunctionalInterface
public interface ConfigValueListener {

    void valueChanged(Optional<byte[]> newValue);
}
