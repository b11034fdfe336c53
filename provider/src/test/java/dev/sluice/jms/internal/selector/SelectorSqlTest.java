package dev.sluice.jms.internal.selector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.db.log.MessageRecord;
import dev.sluice.jms.internal.selector.SelectorCases.EvaluationCase;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.jms.InvalidSelectorException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Selector#toSql()} against a real PostgreSQL: every selector of the case table, and several hundred random
 * ones, give in SQL exactly the truth value (TRUE, FALSE or unknown as NULL) that in-memory evaluation gives for the
 * same row decoded by the message codec. Rows are written by the real codec, plus a few written by hand as another
 * SQL client might (untyped numbers, no properties, escaped names in the type list).
 */
@ExtendWith(PostgresExtension.class)
class SelectorSqlTest {

    private static final int FIXTURES = 1;
    private static final int RANDOM = 2;
    private static final long RANDOM_SEED = Long.getLong("sluice.selector.seed", 20_240_531L);
    private static final int RANDOM_MESSAGES = 80;
    private static final int RANDOM_SELECTORS = 800;

    private static Database database;
    private static Connection connection;
    private static Map<Long, SelectorContext> fixtureRows;
    private static Map<Long, SelectorContext> randomRows;

    @BeforeAll
    static void writeRows(TestDatabase testDatabase) throws SQLException {
        database = Database.open(DatabaseConfig.builder().jdbcUrl(testDatabase.jdbcUrl()).user(testDatabase.user())
                .password(testDatabase.password()).poolSize(1).build());
        connection = testDatabase.connect();
        MessageRows rows = new MessageRows(connection);
        for (int i = 0; i < SelectorCases.MESSAGES.size(); i++) {
            rows.insert(FIXTURES, i, SelectorCases.MESSAGES.get(i));
        }
        rows.insert(FIXTURES, 100, handWritten("{\"u1\": 5, \"u2\": 5.0, \"u3\": 1e2, \"u4\": 12345678901234567890,"
                + " \"u5\": \"s\", \"u6\": null, \"u7\": 0.1, \"int3\": 3, \"str\": \"hello\","
                + " \"nan\": \"NaN\"}", null));
        rows.insert(FIXTURES, 101, handWritten(null, null));
        // "x\,f:a" is one name with an escaped comma: a has no type entry, b is a float, c an escaped "A\0"
        rows.insert(FIXTURES, 102, handWritten("{\"a\": 1.5, \"b\": 2, \"c\": \"QcCA\", \"int3\": 7}",
                "d:x\\,f:a,f:b,x:c"));
        // "y\\" ends with an escaped backslash, so the comma after it separates: int3 is a float
        rows.insert(FIXTURES, 103, handWritten("{\"int3\": 0.1, \"y\\\\\": 1}", "d:y\\\\,f:int3"));
        // "z\,f:int3" is one name: int3 has no entry, so it reads as a double
        rows.insert(FIXTURES, 104, handWritten("{\"int3\": 0.1}", "d:z\\,f:int3"));
        List<TestMessage> random = RandomMessages.generate(RANDOM_SEED, RANDOM_MESSAGES);
        for (int i = 0; i < random.size(); i++) {
            rows.insert(RANDOM, i, random.get(i));
        }
        fixtureRows = rows.read(FIXTURES);
        randomRows = rows.read(RANDOM);
    }

    private static MessageRecord handWritten(String properties, String propertyTypes) {
        return new MessageRecord(null, null, null, null, 4, true, 0, 0, 0, null, null, properties, propertyTypes, 0,
                null);
    }

    @AfterAll
    static void close() throws SQLException {
        if (connection != null) {
            connection.close();
        }
        if (database != null) {
            database.close();
        }
    }

    static Stream<String> tableSelectors() {
        Set<String> distinct = new LinkedHashSet<>();
        SelectorCases.evaluationCases().forEach(testCase -> distinct.add(testCase.selector()));
        return distinct.stream();
    }

    static Stream<EvaluationCase> tableCases() {
        return SelectorCases.evaluationCases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tableSelectors")
    void sqlAgreesWithMemoryOnEveryRow(String text) throws Exception {
        Selector selector = Selector.parse(text);
        if (selector.toSql().isEmpty()) {
            return; // declining is checked against the table by SelectorEvaluationTest
        }
        assertThat(disagreements(selector, FIXTURES, fixtureRows)).as("rows where SQL and memory disagree").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tableCases")
    void decodedMessagesEvaluateAsTheTableSays(EvaluationCase testCase) throws InvalidSelectorException {
        long offset = SelectorCases.MESSAGES.indexOf(SelectorCases.BY_NAME.get(testCase.message()));

        assertThat(Selector.parse(testCase.selector()).evaluate(fixtureRows.get(offset)))
                .as(testCase.toString()).isEqualTo(testCase.expected());
    }

    @Test
    void handWrittenRowsReadAsTheCodecDecodesThem() throws Exception {
        Map<String, Set<Long>> expectedMatches = new LinkedHashMap<>();
        expectedMatches.put("u1 = 5 AND u2 = 5 AND u3 = 100", Set.of(100L));
        expectedMatches.put("u4 > 1.2e19 AND u4 < 1.3e19", Set.of(100L));
        expectedMatches.put("u6 IS NULL AND u5 = 's' AND u7 = 0.1", Set.of(100L));
        expectedMatches.put("nan = 'NaN'", Set.of(100L));
        expectedMatches.put("a = 1.5 AND b = 2 AND c LIKE 'A_' AND c <> 'A'", Set.of(102L));
        expectedMatches.put("int3 = 0.1f", Set.of(103L));
        expectedMatches.put("int3 = 0.1", Set.of(104L));
        expectedMatches.put("int3 IS NULL", Set.of(2L, 101L, 4L));
        for (Map.Entry<String, Set<Long>> entry : expectedMatches.entrySet()) {
            Selector selector = Selector.parse(entry.getKey());
            assertThat(disagreements(selector, FIXTURES, fixtureRows)).as(entry.getKey()).isEmpty();
            assertThat(matchingInSql(selector, FIXTURES)).as(entry.getKey()).isEqualTo(entry.getValue());
        }
    }

    @Test
    void randomSelectorsAgreeWithMemoryOnRandomMessages() throws Exception {
        RandomSelectors generator = new RandomSelectors(RANDOM_SEED);
        List<String> failures = new ArrayList<>();
        int parsed = 0;
        int translated = 0;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < RANDOM_SELECTORS; i++) {
            String text = generator.next();
            if (!seen.add(text)) {
                continue;
            }
            Selector selector;
            try {
                selector = Selector.parse(text);
            } catch (SelectorSyntaxException rejected) {
                continue;
            }
            parsed++;
            if (selector.toSql().isEmpty()) {
                assertThat(text).as("only JMSCorrelationID forms are declined: %s",
                        selector.sqlDeclinedReason().orElseThrow()).contains("JMSCorrelationID");
                continue;
            }
            translated++;
            List<String> disagreements = disagreements(selector, RANDOM, randomRows);
            if (!disagreements.isEmpty()) {
                failures.add(text + " -> " + disagreements);
            }
        }
        assertThat(failures).as("selectors where SQL and memory disagree (seed %d)", RANDOM_SEED).isEmpty();
        assertThat(parsed).as("valid random selectors").isGreaterThan(RANDOM_SELECTORS / 2);
        assertThat(translated).as("translated random selectors").isGreaterThan(parsed * 3 / 4);
    }

    @Test
    void deepestAndWidestTranslatedSelectorsRunInPostgres() throws Exception {
        String nested = "int3 = 3";
        for (int i = 0; i < SqlTranslator.MAX_DEPTH - 2; i++) {
            nested = "(" + nested + ") = " + (i % 2 == 0 ? "(str <> 'x')" : "TRUE");
        }
        List<String> selectors = List.of(
                "NOT ".repeat(SqlTranslator.MAX_DEPTH - 2) + "int3 = 3",
                nested,
                "int3 BETWEEN byte1 AND long4 AND ".repeat(80) + "str LIKE 'h%'",
                "Country IN (" + "'x', ".repeat(5_000) + "'UK')");
        for (String text : selectors) {
            Selector selector = Selector.parse(text);
            assertThat(selector.toSql()).as(selector.sqlDeclinedReason().orElse("")).isPresent();
            assertThat(disagreements(selector, FIXTURES, fixtureRows)).as(text.substring(0, 40)).isEmpty();
            assertThat(selector.evaluate(fixtureRows.get(0L))).isTrue();
        }
    }

    /** Rows of {@code destinationId} where SQL (parameterised or inlined) and memory disagree, described. */
    private static List<String> disagreements(Selector selector, int destinationId, Map<Long, SelectorContext> rows)
            throws SQLException {
        SqlFragment sql = selector.toSql().orElseThrow();
        Map<Long, Boolean> parameterised = evaluateInSql(sql, destinationId);
        Map<Long, Boolean> inlined = evaluateInlined(sql, destinationId);
        Set<Long> selected = matchingInSql(selector, destinationId);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Long, SelectorContext> row : rows.entrySet()) {
            long offset = row.getKey();
            Boolean memory = selector.evaluate(row.getValue());
            if (!java.util.Objects.equals(memory, parameterised.get(offset))
                    || !java.util.Objects.equals(memory, inlined.get(offset))
                    || Boolean.TRUE.equals(memory) != selected.contains(offset)) {
                problems.add("offset " + offset + ": memory " + memory + ", SQL " + parameterised.get(offset)
                        + ", inlined " + inlined.get(offset) + ", where " + selected.contains(offset));
            }
        }
        return problems;
    }

    private static Map<Long, Boolean> evaluateInSql(SqlFragment sql, int destinationId) throws SQLException {
        Map<Long, Boolean> values = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement("select log_offset, (" + sql.sql()
                + ") from sluice.message m where destination_id = ? order by log_offset")) {
            int index = bind(query, sql);
            query.setInt(index, destinationId);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    values.put(result.getLong(1), result.getObject(2, Boolean.class));
                }
            }
        }
        return values;
    }

    /** The same as {@link #evaluateInSql} with the values written into the SQL, run as a plain statement. */
    private static Map<Long, Boolean> evaluateInlined(SqlFragment sql, int destinationId) throws SQLException {
        Map<Long, Boolean> values = new LinkedHashMap<>();
        try (Statement query = connection.createStatement();
             ResultSet result = query.executeQuery("select log_offset, (" + sql.inline()
                     + ") from sluice.message m where destination_id = " + destinationId + " order by log_offset")) {
            while (result.next()) {
                values.put(result.getLong(1), result.getObject(2, Boolean.class));
            }
        }
        return values;
    }

    private static Set<Long> matchingInSql(Selector selector, int destinationId) throws SQLException {
        SqlFragment sql = selector.toSql().orElseThrow();
        Set<Long> offsets = new HashSet<>();
        try (PreparedStatement query = connection.prepareStatement("select log_offset from sluice.message m"
                + " where destination_id = ? and " + sql.sql())) {
            query.setInt(1, destinationId);
            bind(query, sql, 2);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    offsets.add(result.getLong(1));
                }
            }
        }
        return offsets;
    }

    private static int bind(PreparedStatement query, SqlFragment sql) throws SQLException {
        return bind(query, sql, 1);
    }

    /** Binds the fragment's parameters from {@code first} on; returns the next free index. */
    private static int bind(PreparedStatement query, SqlFragment sql, int first) throws SQLException {
        int index = first;
        for (Object parameter : sql.parameters()) {
            query.setString(index++, (String) parameter);
        }
        return index;
    }
}
