package dev.sluice.bench;

import java.util.Arrays;

/** A column of the result table: one system under test. Immutable. */
enum Column {

    SLUICE("sluice", "Sluice on PostgreSQL"),
    ARTEMIS_JDBC("artemis-jdbc", "Artemis, JDBC store on the same PostgreSQL"),
    ARTEMIS_JOURNAL("artemis-journal", "Artemis, default file journal"),
    ARTEMIS_TUNED("artemis-tuned", "Artemis, file journal with buffer timeout = measured fsync time"),
    PG_CEILING("pg-ceiling", "raw PostgreSQL rows, no Sluice code");

    /** The name used on the command line ({@code only=sluice,artemis-journal}) and in the CSV header. */
    final String id;
    final String description;

    Column(String id, String description) {
        this.id = id;
        this.description = description;
    }

    static Column byId(String id) {
        return Arrays.stream(values()).filter(column -> column.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown system '" + id + "'; known: "
                        + Arrays.stream(values()).map(column -> column.id).toList()));
    }
}
