package dev.sluice.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives each test class its own PostgreSQL database, Sluice's schema migrated, on the JVM's
 * one test server ({@link TestPostgres}). Test methods, constructors and lifecycle methods receive it as a
 * {@link TestDatabase} parameter.
 *
 * <pre>{@code
 * @ExtendWith(PostgresExtension.class)
 * class LogStoreTest {
 *     @BeforeAll static void setUp(TestDatabase db) { ... }
 * }
 * }</pre>
 */
public final class PostgresExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        database(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return database(extensionContext);
    }

    /** One database per test class, kept in the root store so every callback of the class finds the same one. */
    private static TestDatabase database(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(testClass.getName(),
                name -> TestPostgres.get().createDatabase(testClass.getSimpleName()), TestDatabase.class);
    }
}
