package dev.sluice.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Passwords in URLs and in texts holding URLs are masked, and nothing else changes. */
class JdbcUrlsTest {

    @Test
    void passwordParameterIsMaskedInAnyPosition() {
        assertThat(JdbcUrls.redact("jdbc:postgresql://h:5432/db?password=s3cret"))
                .isEqualTo("jdbc:postgresql://h:5432/db?password=***");
        assertThat(JdbcUrls.redact("jdbc:postgresql://h/db?user=alice&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=alice&password=***&ssl=true");
        assertThat(JdbcUrls.redact("jdbc:postgresql://h/db?PassWord=a=b?c&user=alice"))
                .isEqualTo("jdbc:postgresql://h/db?PassWord=***&user=alice");
    }

    @Test
    void encodedNamesAndValuesAndSslPasswordsAreMasked() {
        assertThat(JdbcUrls.redact("jdbc:postgresql://h/db?pass%77ord=x&password=p%40ss%26w&sslpassword=k"))
                .isEqualTo("jdbc:postgresql://h/db?pass%77ord=***&password=***&sslpassword=***");
        assertThat(JdbcUrls.redact("jdbc:postgresql://alice:s3cret@h/db")).isEqualTo("jdbc:postgresql://alice:***@h/db");
    }

    @Test
    void urlsInsideLongerTextsAreMasked() {
        assertThat(JdbcUrls.redact("Cannot connect to PostgreSQL at jdbc:postgresql://h/db?password=s3cret: FATAL x"))
                .isEqualTo("Cannot connect to PostgreSQL at jdbc:postgresql://h/db?password=***: FATAL x");
        assertThat(JdbcUrls.redact("Factory[url=jdbc:postgresql://h/db?user=a&password=s3cret user=a]"))
                .isEqualTo("Factory[url=jdbc:postgresql://h/db?user=a&password=*** user=a]");
        assertThat(JdbcUrls.redact("sluice-background | jdbc:postgresql://h/db?password=s3cret\nnext line"))
                .isEqualTo("sluice-background | jdbc:postgresql://h/db?password=***\nnext line");
    }

    @Test
    void textsWithoutPasswordsAreUnchanged() {
        for (String text : new String[] {"jdbc:postgresql://h:5432/db?user=alice&ssl=true", "a = b", "x=", "=",
                "", "jdbc:postgresql://h/db?passwordless=true", "ratio=1:2 and password protection"}) {
            assertThat(JdbcUrls.redact(text)).isEqualTo(text);
        }
        assertThat(JdbcUrls.redact(null)).isNull();
        assertThat(JdbcUrls.redact("password=***")).isEqualTo("password=***");
    }
}
