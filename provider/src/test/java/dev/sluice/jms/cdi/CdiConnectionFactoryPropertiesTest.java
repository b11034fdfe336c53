package dev.sluice.jms.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.jms.ProviderConfig;
import dev.sluice.jms.SluiceConnectionFactory;
import jakarta.jms.JMSException;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the CDI connection factories are read from META-INF/sluice.properties and system properties. */
class CdiConnectionFactoryPropertiesTest {

    @TempDir
    Path classPath;

    @AfterEach
    void clearSystemProperties() {
        System.clearProperty("sluice.prefetch");
        System.clearProperty("sluice.test.timeScale.unrelated");
    }

    private ConnectionFactoryProperties load(String file) throws IOException {
        Files.createDirectories(classPath.resolve("META-INF"));
        Files.writeString(classPath.resolve(ConnectionFactoryProperties.RESOURCE), file);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classPath.toUri().toURL()}, null)) {
            return ConnectionFactoryProperties.load(loader);
        }
    }

    @Test
    void theFileDefinesTheDefaultAndNamedFactoriesAndSystemPropertiesWin() throws Exception {
        System.setProperty("sluice.prefetch", "7");
        System.setProperty("sluice.test.timeScale.unrelated", "ignored: not a Sluice setting");
        ConnectionFactoryProperties properties = load("""
                sluice.url=jdbc:postgresql://db:5432/app
                sluice.user=app
                sluice.password=secret
                sluice.prefetch=50
                sluice.reports.url=jdbc:postgresql://db:5432/reports
                sluice.reports.clientID=reports
                """);
        assertThat(properties.names()).containsExactly("", "reports");
        ProviderConfig byDefault = properties.create("").config();
        assertThat(byDefault.prefetch()).as("the system property wins").isEqualTo(7);
        SluiceConnectionFactory reports = properties.create(ConnectionFactoryProperties.normalise("reports"));
        assertThat(reports.getClientID()).isEqualTo("reports");
        assertThat(reports.getUrl()).isEqualTo("jdbc:postgresql://db:5432/reports");
        assertThat(properties.create(ConnectionFactoryProperties.normalise("java:comp/DefaultJMSConnectionFactory"))
                .getUser()).as("the platform's default name means the default factory").isEqualTo("app");
        assertThat(properties.toString()).doesNotContain("secret");
    }

    @Test
    void anUnknownKeyInTheFileFailsListingTheKnownOnes() {
        assertThatThrownBy(() -> load("sluice.prefech=50\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sluice.prefech")
                .hasMessageContaining("prefetch");
    }

    @Test
    void anUnconfiguredNameSaysWhichPropertyIsMissing() throws Exception {
        ConnectionFactoryProperties properties = load("sluice.url=jdbc:postgresql://db:5432/app\n");
        assertThat(properties.problem("billing")).contains("sluice.billing.url");
        assertThat(properties.problem("")).isNull();
        assertThatThrownBy(() -> properties.create("billing")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void invalidSettingsFailWhenTheFactoryIsUsed() throws Exception {
        ConnectionFactoryProperties properties = load("sluice.url=jdbc:postgresql://db:5432/app\n"
                + "sluice.prefetch=many\n");
        assertThatThrownBy(() -> properties.create("").config())
                .isInstanceOf(JMSException.class)
                .hasMessageContaining("prefetch");
    }
}
