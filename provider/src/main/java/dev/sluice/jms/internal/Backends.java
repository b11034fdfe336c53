package dev.sluice.jms.internal;

import dev.sluice.jms.ProviderConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * The JVM's registry of {@link Backend}s, one per {@link BackendKey} (database URL, login and backend settings), so
 * every connection of an application shares one pool and one LISTEN connection. Thread-safe (guarded by the class
 * monitor).
 */
final class Backends {

    private static final Map<BackendKey, Backend> OPEN = new HashMap<>();

    private Backends() {
    }

    /** The backend for this login, opened if needed; the caller must {@link #release(Backend)} it. */
    static Backend acquire(ProviderConfig config, String user, String password) {
        BackendKey key = BackendKey.of(config, user, password);
        synchronized (Backends.class) {
            Backend backend = OPEN.get(key);
            if (backend == null) {
                backend = new Backend(key, config, user, password);
                OPEN.put(key, backend);
            }
            backend.retain();
            return backend;
        }
    }

    static void release(Backend backend) {
        boolean last;
        synchronized (Backends.class) {
            last = backend.releaseReference();
            if (last) {
                OPEN.remove(backend.key());
            }
        }
        if (last) {
            backend.close();
        }
    }
}
