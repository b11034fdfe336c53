package dev.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExampleDatabaseTest {

    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    private String logLevel;

    @BeforeEach
    void rememberLogLevel() {
        logLevel = System.getProperty(LOG_LEVEL);
    }

    /** {@code open} quiets the examples' logging; the other tests of this JVM keep theirs. */
    @AfterEach
    void restoreLogLevel() {
        if (logLevel == null) {
            System.clearProperty(LOG_LEVEL);
        } else {
            System.setProperty(LOG_LEVEL, logLevel);
        }
    }

    @Test
    void urlUserAndPasswordNameTheDatabaseAndNothingIsStarted() {
        try (ExampleDatabase database = ExampleDatabase.open(
                new String[] {"--url", "jdbc:postgresql://db:5432/app", "--user", "app", "--password", "secret"},
                "unused")) {
            assertThat(database.url()).isEqualTo("jdbc:postgresql://db:5432/app");
            assertThat(database.user()).isEqualTo("app");
            assertThat(database.password()).isEqualTo("secret");
        }
    }

    @Test
    void unknownOptionOrMissingValueIsRefusedWithTheUsage() {
        assertThatThrownBy(() -> ExampleDatabase.open(new String[] {"--uri", "jdbc:postgresql:app"}, "unused"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown option --uri; usage: [--url JDBC_URL [--user USER] [--password PASSWORD]]"
                        + " [WORK_DIR]");
        assertThatThrownBy(() -> ExampleDatabase.open(new String[] {"--url"}, "unused"))
                .hasMessageStartingWith("Option --url needs a value");
    }
}
