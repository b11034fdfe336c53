package dev.sluice.jms.cdi;

import dev.sluice.testing.TestDatabase;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * Boots Weld SE for the CDI tests with only the given bean classes plus Sluice's extension (added by hand: with
 * discovery disabled Weld does not read META-INF/services), configured through system properties for the test database: the default
 * factory and a factory {@code reports} with client ID {@code cdi-reports}.
 */
final class CdiTestSupport {

    private CdiTestSupport() {
    }

    static Map<String, String> properties(TestDatabase db) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("sluice.url", db.jdbcUrl());
        properties.put("sluice.user", db.user());
        properties.put("sluice.password", db.password());
        properties.put("sluice.reports.url", db.jdbcUrl());
        properties.put("sluice.reports.user", db.user());
        properties.put("sluice.reports.password", db.password());
        properties.put("sluice.reports.clientID", "cdi-reports");
        return properties;
    }

    /** A started container named {@code id}; the properties are set while it boots (it reads them then). */
    static WeldContainer boot(TestDatabase db, String id, Class<?>... beans) {
        Map<String, String> properties = properties(db);
        properties.forEach(System::setProperty);
        try {
            return new Weld(id).disableDiscovery().addExtension(new SluiceExtension()).addBeanClasses(beans)
                    .initialize();
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
    }
}
