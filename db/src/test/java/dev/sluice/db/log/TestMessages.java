package dev.sluice.db.log;

import java.nio.charset.StandardCharsets;

/** Builds message records for storage tests. */
final class TestMessages {

    private TestMessages() {
    }

    static MessageRecord text(String body) {
        return new MessageRecord("ID:" + body, null, null, null, 4, true, System.currentTimeMillis(), 0, 0, null,
                "test-producer", "{\"k\": \"" + body + "\"}", null, 1, body.getBytes(StandardCharsets.UTF_8));
    }

    static String body(StoredMessage message) {
        return new String(message.record().body(), StandardCharsets.UTF_8);
    }
}
