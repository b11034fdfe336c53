package dev.sluice.db.log;

/** Whether a destination's readers compete (a queue, one subscription) or each get every message (a topic). */
public enum DestinationKind {
    QUEUE("queue"),
    TOPIC("topic");

    private final String sqlName;

    DestinationKind(String sqlName) {
        this.sqlName = sqlName;
    }

    /** The value stored in {@code sluice.destination.kind}. */
    public String sqlName() {
        return sqlName;
    }

    public static DestinationKind fromSql(String value) {
        for (DestinationKind kind : values()) {
            if (kind.sqlName.equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Unknown destination kind '" + value + "'");
    }
}
