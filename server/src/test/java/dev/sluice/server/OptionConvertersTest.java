package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.db.DatabaseUnavailableException;
import dev.sluice.server.command.ByteSizeConverter;
import dev.sluice.server.command.DurationConverter;
import jakarta.jms.JMSException;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The option formats operators type, and the one-line error messages. */
class OptionConvertersTest {

    @Test
    void durationsReadWithUnitsOrIso() {
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationConverter.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationConverter.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(DurationConverter.parse("PT2H")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationConverter.parse("0")).isZero();
        assertThat(DurationConverter.format(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(DurationConverter.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThatThrownBy(() -> DurationConverter.parse("soon"))
                .isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("'soon' is not a duration");
    }

    @Test
    void sizesReadInBytesOrBinaryUnits() {
        assertThat(ByteSizeConverter.parse("1024")).isEqualTo(1024);
        assertThat(ByteSizeConverter.parse("10KB")).isEqualTo(10 * 1024);
        assertThat(ByteSizeConverter.parse("1gb")).isEqualTo(1L << 30);
        assertThat(ByteSizeConverter.parse("2 MiB")).isEqualTo(2L << 20);
        assertThat(ByteSizeConverter.format(1536)).isEqualTo("1.5 KB");
        assertThatThrownBy(() -> ByteSizeConverter.parse("lots"))
                .isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("'lots' is not a size");
    }

    @Test
    void errorsBecomeOneLineNamingTheUnreachableDatabaseWithoutItsPassword() {
        DatabaseUnavailableException unavailable = new DatabaseUnavailableException(
                "jdbc:postgresql://db:5432/sluice?password=secret", new SQLException("Connection refused\nretry"));
        JMSException wrapped = new JMSException("Opening connection failed");
        wrapped.setLinkedException(unavailable);

        String line = ErrorMessages.oneLine(wrapped);
        assertThat(line).isEqualTo("Cannot connect to PostgreSQL at jdbc:postgresql://db:5432/sluice?password=***:"
                + " Connection refused retry");
        assertThat(ErrorMessages.oneLine(new IllegalStateException("outer", new RuntimeException("inner"))))
                .isEqualTo("outer: inner");
    }
}
