package dev.sluice.jms.internal.selector;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The selector case table shared by the in-memory tests and the PostgreSQL test: fixture messages, selectors with
 * their expected truth value on one fixture (T, F or U for unknown), whether {@link Selector#toSql()} must decline
 * them, and invalid selectors with the column and problem of their error. Expected values come from Jakarta
 * Messaging 3.1 section 3.8.1 (the examples in its text are here verbatim) and from the type rules documented on
 * {@link Selector}.
 */
final class SelectorCases {

    /** One selector, the fixture it is evaluated on, the expected truth value, and whether SQL must decline it. */
    record EvaluationCase(String selector, String message, Boolean expected, boolean declinedBySql) {
        @Override
        public String toString() {
            String truth = expected == null ? "unknown" : expected.toString();
            return selector + "  on " + message + " -> " + truth;
        }
    }

    /** An invalid selector, the 1-based column of the error and a fragment of its problem text. */
    record ErrorCase(String selector, int column, String problem) {
        @Override
        public String toString() {
            return selector + "  -> column " + column;
        }
    }

    static final TestMessage M1 = TestMessage.builder("m1")
            .messageId("ID:m1").correlationId("corr-1").type("car").priority(4).timestamp(1_700_000_000_000L)
            .persistent(true)
            .property("byte1", (byte) 1).property("short2", (short) 2).property("int3", 3).property("long4", 4L)
            .property("float15", 1.5f).property("double25", 2.5d)
            .property("big", 9_007_199_254_740_993L).property("bigD", 9_007_199_254_740_992.0)
            .property("tenthF", 0.1f).property("tenthD", 0.1).property("neg", -7).property("zero", 0)
            .property("maxLong", Long.MAX_VALUE).property("minLong", Long.MIN_VALUE)
            .property("sentAt", 1_700_000_000_000L).property("age", 17).property("weight", 3000)
            .property("priorityCopy", 4)
            .property("str", "hello").property("empty", "").property("quote", "it's").property("numStr", "2")
            .property("boolStr", "true").property("color", "blue").property("Country", "UK")
            .property("pct", "50%").property("under", "a_b").property("axb", "axb").property("back", "a\\b")
            .property("dot", "a.c").property("regex", "[a]*").property("multi", "line1\nline2")
            .property("unicode", "日本語").property("emoji", "x😀y")
            .property("phone1", "123").property("phone2", "12993").property("phone3", "1234")
            .property("word1", "lose").property("word2", "loose").property("underscored", "_foo")
            .property("café", 1).property("_private", 1).property("$cash", 2)
            .property("flagT", true).property("flagF", false)
            .property("JMSXGroupID", "group-1").property("JMSXGroupSeq", 2)
            .property("nan", Double.NaN).property("posInf", Double.POSITIVE_INFINITY)
            .property("negInf", Double.NEGATIVE_INFINITY).property("negZero", -0.0d).property("negZeroF", -0.0f)
            .property("nanF", Float.NaN).property("bigF", 1.07374182E9f)
            .property("nul", "a\u0000b").property("lone", "x\uD800").property("loneLow", "\uDC00y")
            .property("mixed", "\u0000😀").property("nullStr", null)
            .build();

    static final TestMessage M2 = TestMessage.builder("m2")
            .messageId("ID:m2").priority(9).timestamp(0).persistent(false)
            .property("str", 42).property("int3", "3").property("flagT", "yes").property("double25", 2L)
            .property("Country", "Peru").property("age", 30).property("tenthF", 0.1d).property("nan", 1.0d)
            .property("big", 9_007_199_254_740_992.0).property("phone1", 123)
            .build();

    static final TestMessage M3 = TestMessage.builder("m3")
            .correlationId("#bytes:abc").type("").priority(0).timestamp(Long.MAX_VALUE).persistent(true)
            .build();

    static final TestMessage M4 = TestMessage.builder("m4")
            .messageId("ID:m4").correlationIdBytes("corr-1".getBytes(StandardCharsets.UTF_8)).type("bus")
            .priority(5).timestamp(1_600_000_000_000L).persistent(false)
            .property("int3", 3.0f).property("str", "hello")
            .build();

    static final TestMessage M5 = TestMessage.builder("m5")
            .messageId("ID:m5").correlationIdBytes(new byte[] {(byte) 0xFF, 'a'}).priority(1).timestamp(1)
            .build();

    static final List<TestMessage> MESSAGES = List.of(M1, M2, M3, M4, M5);

    static final Map<String, TestMessage> BY_NAME = MESSAGES.stream()
            .collect(Collectors.toMap(TestMessage::name, Function.identity()));

    /** expected[@message] | selector [| nosql]. Default message m1. */
    private static final String EVALUATIONS = """
            # literals
            T | TRUE
            F | FALSE
            T | true
            F | False
            T | 1 = 1
            F | 1 = 2
            T | 1 <> 2
            T | 'a' = 'a'
            F | 'a' = 'A'
            T | 'it''s' = quote
            T | quote = 'it''s'
            F | quote = 'its'
            T | '' = empty
            T | ''''='''' 
            T | 57 = 57
            T | -957 < 0
            T | +62 = 62
            T | 7E3 = 7000
            T | -57.9E2 = -5790
            T | 7. = 7
            T | -95.7 < -95
            T | +6.2 > 6
            T | .5 = 0.5
            T | 1e3 = 1000
            T | 1E+3 = 1000
            T | 1e-3 = 0.001
            T | 1.e2 = 100
            T | 10L = 10
            T | 10l = 10
            T | 2f = 2
            T | 2.5F = 2.5
            T | 2d = 2
            T | 2.5D = 2.5
            T | 0x1F = 31
            T | 0X1f = 31
            T | 017 = 15
            T | 00 = 0
            T | 0b101 = 5
            T | 1_000 = 1000
            T | 1__0 = 10
            T | 0x1.8p1 = 3
            T | 0x1p-1 = .5
            T | 0xFFFFFFFFFFFFFFFF = -1
            T | -9223372036854775808 < 0
            T | 9223372036854775807 > 0
            T | - -5 = 5
            T | 0.1f = tenthF
            F | 0.1 = tenthF
            T | 0.1 = tenthD
            F | 0.1f = tenthD
            T | 1 = 1.0
            T | 3 < 3.5
            # identifiers: case-sensitive names, Unicode, $ and _
            T | int3 = 3
            U | Int3 = 3
            U | INT3 = 3
            U | missing = 1
            T | café = 1
            T | _private = 1
            T | $cash = 2
            # keywords in any case
            T | int3 between 1 and 5
            T | str LiKe 'h%'
            T | Country iN ('UK')
            T | missing iS nUlL
            T | NoT FALSE
            T | TRUE aNd TRUE oR FALSE
            T | int3 NOT between 4 AND 5
            # whitespace and spacing
            T | int3=3
            T | int3	=	3
            T | (int3=3)AND(str='hello')
            T | str='hello'AND TRUE
            T | ((((int3 = 3))))
            # headers
            T | JMSDeliveryMode = 'PERSISTENT'
            F | JMSDeliveryMode = 'NON_PERSISTENT'
            F@m2 | JMSDeliveryMode = 'PERSISTENT'
            T@m2 | JMSDeliveryMode = 'NON_PERSISTENT'
            F | JMSDeliveryMode = 'persistent'
            T | JMSDeliveryMode <> 'NON_PERSISTENT'
            T | JMSDeliveryMode IN ('PERSISTENT', 'X')
            T | JMSDeliveryMode LIKE 'PERS%'
            F | JMSDeliveryMode IS NULL
            T | JMSPriority = 4
            T | JMSPriority BETWEEN 0 AND 4
            F | JMSPriority > 4
            T@m2 | JMSPriority > 4
            T | JMSPriority >= 4.0
            T | JMSPriority < 4.5
            F | JMSPriority IS NULL
            T | JMSPriority = priorityCopy
            T | JMSPriority > int3
            T | JMSPriority = int3 + 1 | nosql
            T | JMSMessageID = 'ID:m1'
            T | JMSMessageID LIKE 'ID:%'
            T | JMSMessageID LIKE 'ID:m_'
            U@m3 | JMSMessageID = 'ID:m1'
            T@m3 | JMSMessageID IS NULL
            F | JMSMessageID IS NULL
            T | JMSCorrelationID = 'corr-1'
            T | JMSCorrelationID <> 'corr-2'
            U@m2 | JMSCorrelationID = 'corr-1'
            U@m2 | JMSCorrelationID <> 'corr-1'
            T@m2 | JMSCorrelationID IS NULL
            T | JMSCorrelationID IS NOT NULL
            T | JMSCorrelationID IN ('x', 'corr-1')
            T@m4 | JMSCorrelationID = 'corr-1'
            T@m4 | JMSCorrelationID IN ('corr-1')
            F@m5 | JMSCorrelationID = 'a'
            F@m5 | JMSCorrelationID IN ('a', 'ÿa')
            T@m5 | JMSCorrelationID LIKE '%a' | nosql
            T@m3 | JMSCorrelationID = '#bytes:abc'
            F@m3 | JMSCorrelationID = '#text:#bytes:abc'
            T@m3 | JMSCorrelationID IN ('x', '#bytes:abc')
            F | JMSCorrelationID LIKE 'x%' | nosql
            T | JMSCorrelationID = JMSCorrelationID | nosql
            F | JMSCorrelationID = str | nosql
            T | JMSType = 'car'
            U@m2 | JMSType = 'car'
            U@m2 | NOT JMSType = 'car'
            T@m3 | JMSType = ''
            T | JMSType IN ('car', 'bus')
            U@m2 | JMSType IN ('car')
            U@m2 | JMSType NOT IN ('car')
            T | JMSType = 'car' AND color = 'blue' AND weight > 2500
            T | JMSType = JMSType
            U@m2 | JMSType = JMSType
            T | JMSMessageID <> JMSType
            T | JMSTimestamp = 1700000000000
            T | JMSTimestamp > 0
            T | JMSTimestamp BETWEEN 1600000000000 AND 1800000000000
            T | JMSTimestamp > 1.6e12
            T | JMSTimestamp = sentAt
            T@m3 | JMSTimestamp = 9223372036854775807
            T@m3 | JMSTimestamp > 9007199254740993
            T@m3 | JMSTimestamp = 9.223372036854775807E18
            T | JMSPriority < JMSTimestamp
            T | JMSTimestamp IS NOT NULL
            T | JMSXGroupID = 'group-1'
            T | JMSXGroupSeq = 2
            U | JMSXDeliveryCount > 1 | nosql
            T | JMS_SluiceTrace IS NULL
            # exact and approximate numbers: Java numeric promotion
            T | byte1 = 1
            T | short2 = 2
            T | long4 = 4
            T | float15 = 1.5
            T | double25 = 2.5
            T | float15 < double25
            T | int3 = 3.0
            T | int3 < 3.5
            T | int3 > 2.9
            T | long4 >= 4
            T | int3 <= 3
            F | int3 < 3
            F | int3 <> 3
            T | int3 <> 4
            T | neg < 0
            T | neg = -7
            T | zero = 0
            T | zero = -0.0
            T | maxLong = 9223372036854775807
            T | minLong = -9223372036854775808
            F | maxLong = 9223372036854775806
            T | maxLong > 9223372036854775806
            T | maxLong = 9.223372036854775807E18
            T | big = 9007199254740993
            F | big = 9007199254740992
            T | big > 9007199254740992
            T | big = 9007199254740992.0
            T | big = bigD
            T | bigD = 9007199254740992
            T | bigD = 9007199254740993
            T@m2 | big = 9007199254740993
            T@m2 | tenthF = 0.1
            T@m2 | double25 = 2
            T@m4 | int3 = 3
            T@m4 | int3 = JMSPriority - 2 | nosql
            T | float15 = 1.5f
            T | tenthF = 0.1f
            F | tenthF = 0.1
            T | tenthF > 0.1
            T | tenthF < 0.10000001
            T | bigF = 1073741824
            F | bigF = 1073741820
            T | bigF > 1073741822
            T | bigF = 1073741824.0
            T | tenthF <> tenthD
            T | float15 > byte1
            T | long4 = priorityCopy
            T | minLong < maxLong
            # NaN, infinities and negative zero
            F | nan = nan
            T | nan <> nan
            F | nan = 0
            T | nan <> 0
            F | nan < 1
            F | nan > 1
            F | nan >= nan
            F | nan BETWEEN -1e308 AND 1e308
            F | nan NOT BETWEEN 0 AND 1
            T | nanF <> nanF
            F | nanF = nan
            T@m2 | nan = 1
            T | posInf > 1e308
            T | negInf < -1e308
            T | posInf = posInf
            T | posInf > maxLong
            T | negInf < minLong
            T | negZero = 0
            T | negZero = zero
            F | negZero < 0
            T | negZeroF = 0.0
            T | negZeroF = negZero
            F | negZero = '-0.0'
            F | nan = 'NaN'
            U | nan IN ('NaN')
            U | nan NOT IN ('NaN')
            U | nan LIKE 'N%'
            U | nan NOT LIKE 'N%'
            T | nan IS NOT NULL
            U | nan
            # arithmetic
            T | int3 + 1 = 4 | nosql
            T | int3 - 1 = 2 | nosql
            T | int3 * 2 = 6 | nosql
            T | int3 / 2 = 1 | nosql
            T | int3 / 2.0 = 1.5 | nosql
            T | double25 / 2 = 1.25 | nosql
            T | -int3 = -3 | nosql
            T | - -int3 = 3 | nosql
            T | +int3 = 3 | nosql
            T | 1 + 2 * 3 = 7 | nosql
            T | (1 + 2) * 3 = 9 | nosql
            T | 10 - 4 - 3 = 3 | nosql
            T | 12 / 3 / 2 = 2 | nosql
            T | 2 * 3 + 4 * 5 = 26 | nosql
            T | -2 * -3 = 6 | nosql
            T | 7 / 2 * 2 = 6 | nosql
            T | 1 - -1 = 2 | nosql
            T | 2 * -3 = -6 | nosql
            T | -(2 + 3) = -5 | nosql
            T | -int3 * 2 = -6 | nosql
            T | 2 + 3 * 4 - 1 = 13 | nosql
            T | byte1 + short2 = int3 | nosql
            T | byte1 * 1.0 = 1 | nosql
            T | float15 * 2 = 3 | nosql
            T | long4 * 2 = 8 | nosql
            T | tenthD * 3 > 0.3 | nosql
            T | 0.1 + 0.2 <> 0.3 | nosql
            T | maxLong + 1 = minLong | nosql
            T | maxLong + 1 < 0 | nosql
            U | int3 / 0 = 1 | nosql
            U | NOT (int3 / zero = 1) | nosql
            T | double25 / 0 > 1000 | nosql
            T | int3 / 0.0 > 0 | nosql
            F | zero / 0.0 = zero / 0.0 | nosql
            T | zero / 0.0 <> 1 | nosql
            U | str + 1 = 2 | nosql
            U | flagT + 1 = 2 | nosql
            U | missing + 1 = 2 | nosql
            U | missing * 0 = 0 | nosql
            U | -str = 1 | nosql
            T | int3 + 1 BETWEEN 4 AND 4 | nosql
            # type mismatches: false, not an error
            F | str = 1
            F | str <> 1
            T | NOT (str = 1)
            T | NOT (str <> 1)
            F | numStr > 1
            F | numStr = 2
            T | numStr = '2'
            F | boolStr = TRUE
            F | flagT = 'true'
            F | flagT = 1
            T | flagT = TRUE
            F | flagT = FALSE
            T | flagF = FALSE
            T | flagT <> flagF
            F | flagT > flagF
            F | str > empty
            F | str = int3
            T | str <> quote
            F | int3 = 'x'
            F@m2 | int3 = 3
            T@m2 | int3 = '3'
            F@m2 | str = 'hello'
            T@m2 | str = 42
            U@m2 | str LIKE '4%'
            U@m2 | str NOT LIKE '4%'
            U@m2 | str IN ('42')
            U@m2 | str NOT IN ('42')
            U@m2 | phone1 LIKE '12%3'
            U@m2 | phone1 NOT LIKE '12%3'
            # properties used as conditions
            T | flagT
            F | flagF
            T | NOT flagF
            U | missing
            U | NOT missing
            U | str
            U | int3
            U@m2 | flagT
            U@m2 | NOT flagT
            T | flagT AND NOT flagF
            T | flagT = (int3 = 3)
            F | flagF = (int3 = 3)
            U | flagT = (missing = 3)
            T | (int3 = 3) = TRUE
            T | (int3 = 3) <> FALSE
            U | (missing = 3) = TRUE
            T | (int3 = 3) = (long4 = 4)
            F | str = (int3 = 3)
            # three-valued logic, tables 3-4, 3-5, 3-6
            T | TRUE AND TRUE
            F | TRUE AND FALSE
            U | TRUE AND missing = 1
            F | FALSE AND TRUE
            F | FALSE AND FALSE
            F | FALSE AND missing = 1
            U | missing = 1 AND TRUE
            F | missing = 1 AND FALSE
            U | missing = 1 AND missing = 2
            T | TRUE OR TRUE
            T | TRUE OR FALSE
            T | TRUE OR missing = 1
            T | FALSE OR TRUE
            F | FALSE OR FALSE
            U | FALSE OR missing = 1
            T | missing = 1 OR TRUE
            U | missing = 1 OR FALSE
            U | missing = 1 OR missing = 2
            F | NOT TRUE
            T | NOT FALSE
            U | NOT missing = 1
            U | int3 = 3 AND missing > 0
            T | int3 = 3 OR missing > 0
            # precedence: NOT > AND > OR, comparisons above NOT
            T | TRUE OR TRUE AND FALSE
            F | (TRUE OR TRUE) AND FALSE
            F | NOT TRUE AND FALSE
            T | NOT (TRUE AND FALSE)
            T | NOT TRUE OR TRUE
            F | NOT (TRUE OR TRUE)
            F | NOT int3 = 3
            T | NOT int3 = 4
            T | FALSE AND FALSE OR TRUE
            F | FALSE AND (FALSE OR TRUE)
            T | int3 = 3 OR int3 = 4 AND FALSE
            T | NOT NOT TRUE
            F | NOT NOT NOT TRUE
            T | NOT FALSE AND NOT FALSE
            # BETWEEN
            T | int3 BETWEEN 1 AND 5
            T | int3 BETWEEN 3 AND 3
            F | int3 BETWEEN 4 AND 5
            T | int3 NOT BETWEEN 4 AND 5
            F | int3 NOT BETWEEN 1 AND 5
            T | int3 BETWEEN 2.5 AND 3.5
            T | double25 BETWEEN 2 AND 3
            F | int3 BETWEEN 5 AND 1
            T | int3 NOT BETWEEN 5 AND 1
            U | missing BETWEEN 1 AND 5
            U | missing NOT BETWEEN 1 AND 5
            F | str BETWEEN 1 AND 5
            F | str NOT BETWEEN 1 AND 5
            U | int3 BETWEEN missing AND 5
            F | int3 BETWEEN missing AND 2
            T | int3 NOT BETWEEN missing AND 2
            U | int3 NOT BETWEEN missing AND 5
            T | int3 BETWEEN byte1 AND long4
            T | JMSPriority NOT BETWEEN 5 AND 9
            T | age BETWEEN 15 AND 19
            T | age >= 15 AND age <= 19
            F | age NOT BETWEEN 15 AND 19
            T@m2 | age NOT BETWEEN 15 AND 19
            T@m2 | age < 15 OR age > 19
            T | int3 between 1 and 5 and TRUE
            F | int3 BETWEEN 1 AND 5 AND FALSE
            T | int3 BETWEEN -1 AND +5
            T | tenthF BETWEEN 0.1 AND 0.2
            # IN
            T | Country IN ('UK', 'US', 'France')
            F@m2 | Country IN ('UK', 'US', 'France')
            F | Country NOT IN ('UK', 'US', 'France')
            T@m2 | Country NOT IN ('UK', 'US', 'France')
            T | Country IN ('UK')
            F | Country IN ('uk')
            U | missing IN ('UK')
            U | missing NOT IN ('UK')
            # IN, NOT IN, LIKE and NOT LIKE on a value that is not a string are unknown (TCK inTest7)
            U | int3 IN ('3')
            U | int3 NOT IN ('3')
            U | int3 NOT IN ('foo', 'jms', 'test')
            U | NOT (int3 NOT IN ('foo'))
            U | double25 NOT IN ('2.5')
            U | flagT NOT IN ('true')
            U | float15 NOT LIKE '1%'
            U | flagF NOT LIKE '%'
            U | posInf NOT IN ('Infinity')
            # NOT BETWEEN on a value that is not a number is false (spec: v < a OR v > b), never true
            F | flagT NOT BETWEEN 0 AND 1
            F@m2 | int3 NOT BETWEEN 4 AND 5
            T | quote IN ('it''s')
            T | empty IN ('')
            T | Country IN ('UK', 'UK')
            T | JMSXGroupID IN ('group-1', 'group-2')
            # LIKE, with the specification's examples
            T | phone1 LIKE '12%3'
            T | phone2 LIKE '12%3'
            F | phone3 LIKE '12%3'
            T | word1 LIKE 'l_se'
            F | word2 LIKE 'l_se'
            T | underscored LIKE '\\_%' ESCAPE '\\'
            F | word1 LIKE '\\_%' ESCAPE '\\'
            F | phone1 NOT LIKE '12%3'
            T | phone3 NOT LIKE '12%3'
            U | missing LIKE '%'
            U | missing NOT LIKE '%'
            T | str LIKE '%'
            T | empty LIKE '%'
            F | empty LIKE '_'
            T | empty LIKE ''
            F | str LIKE ''
            T | str LIKE 'hello'
            F | str LIKE 'Hello'
            T | str LIKE 'h_llo'
            T | str LIKE '%llo'
            T | str LIKE 'he%'
            T | str LIKE '%ell%'
            T | str LIKE 'h%l%o'
            F | str LIKE 'h%x%o'
            T | str LIKE '_____'
            F | str LIKE '______'
            T | str LIKE '%%'
            T | str LIKE '%_%'
            F | empty LIKE '%_%'
            T | pct LIKE '50!%' ESCAPE '!'
            F | pct LIKE '5!%' ESCAPE '!'
            T | pct LIKE '%!%' ESCAPE '!'
            T | pct LIKE '50%'
            T | under LIKE 'a!_b' ESCAPE '!'
            F | axb LIKE 'a!_b' ESCAPE '!'
            T | axb LIKE 'a_b'
            T | back LIKE 'a\\b'
            T | back LIKE 'a\\\\b' ESCAPE '\\'
            T | back LIKE 'a_b'
            T | back LIKE '%\\%'
            F | str LIKE 'h%' ESCAPE 'h'
            T | pct LIKE '50h%' ESCAPE 'h'
            F | pct LIKE '50hh%' ESCAPE 'h'
            T | pct LIKE '50h%%' ESCAPE 'h'
            T | quote LIKE 'it''s'
            T | quote LIKE 'it_s'
            T | multi LIKE 'line1%line2'
            T | multi LIKE 'line1_line2'
            T | unicode LIKE '日_語'
            T | emoji LIKE 'x_y'
            F | emoji LIKE 'x__y'
            T | emoji LIKE '%😀%'
            T | dot LIKE 'a.c'
            F | axb LIKE 'a.b'
            T | regex LIKE '[a]*'
            F | str LIKE '[h]*'
            T | str NOT LIKE 'x%'
            T | str LIKE 'hel%' AND str NOT LIKE '%x'
            T | str LIKE 'hello' ESCAPE 'x'
            # strings PostgreSQL text cannot hold
            T | nul = nul
            F | nul = 'a'
            T | nul <> 'ab'
            F | nul = str
            T | nul <> str
            T | nul LIKE 'a_b'
            T | nul LIKE 'a%'
            F | nul LIKE 'ab'
            T | nul LIKE '%b'
            F | nul LIKE 'a_'
            F | nul IN ('a', 'b')
            T | nul NOT IN ('a')
            T | lone LIKE 'x_'
            F | lone LIKE 'x'
            T | lone LIKE 'x%'
            F | lone LIKE 'x__'
            T | loneLow LIKE '_y'
            F | loneLow LIKE 'y'
            T | mixed LIKE '__'
            F | mixed LIKE '___'
            F | mixed LIKE '_'
            T | mixed LIKE '_😀'
            F | mixed LIKE '%x%'
            T | lone <> loneLow
            # IS [NOT] NULL
            T | missing IS NULL
            F | missing IS NOT NULL
            F | int3 IS NULL
            T | int3 IS NOT NULL
            T | str IS NOT NULL
            T | empty IS NOT NULL
            T | flagF IS NOT NULL
            T | NOT (missing IS NOT NULL)
            T@m3 | int3 IS NULL
            T | nullStr IS NULL
            F | nullStr IS NOT NULL
            U | nullStr = 'x'
            U | nullStr LIKE '%'
            U | nullStr IN ('x')
            T | missing IS NULL AND int3 IS NOT NULL
            """;

    /** column | selector | fragment of the problem. */
    private static final String ERRORS = """
            8 | price >> 5 | expected an expression after '>'
            4 | a = | expected an expression after '='
            10 | a = 1 AND | expected an expression after 'AND'
            1 | = 5 | expected an expression
            7 | (a = 1 | expected ')' to close the '(' at column 1 but found the end of the selector
            26 | a = 1 AND (b = 2 OR c = 3 | expected ')' to close the '(' at column 11
            6 | a = 1) | ')' has no matching '('
            2 | () | expected an expression after '('
            4 | NOT | expected an expression after 'NOT'
            5 | a = 'abc | the string literal is not closed
            5 | a = 'it''s | the string literal is not closed
            4 | a == 1 | expected an expression after '='
            3 | a != 1 | '!=' is not a selector operator; write '<>'
            1 | !a | write NOT for negation
            5 | a = "x" | string literals are enclosed in single quotes
            7 | a = 1 = 2 | expected AND, OR or the end of the selector but found '='
            7 | a = 1 b | but found identifier 'b'
            3 | a # 1 | unexpected character '#'
            3 | a @ 1 | unexpected character '@'
            3 | a ; | unexpected character ';'
            8 | a = 1 /* comment */ | expected an expression after '/'
            7 | a NOT = 1 | expected BETWEEN, IN or LIKE after NOT but found '='
            13 | a BETWEEN 1 OR 2 | expected AND between the bounds of BETWEEN but found 'OR'
            12 | a BETWEEN 1 | expected AND between the bounds of BETWEEN but found the end of the selector
            17 | a BETWEEN 1 AND 'x' | BETWEEN needs numbers, but 'x' is a string
            11 | a BETWEEN 'x' AND 'y' | BETWEEN needs numbers, but 'x' is a string
            1 | JMSType BETWEEN 1 AND 2 | BETWEEN needs numbers, but 'JMSType' is a string
            11 | a BETWEEN TRUE AND 2 | BETWEEN needs numbers, but 'TRUE' is a boolean
            6 | a IN 'x' | expected '(' after IN
            7 | a IN () | IN needs a list of string literals but found ')'
            7 | a IN (1, 2) | for numbers write x = 1 OR x = 2
            12 | a IN ('x', 2) | expected a string literal in the IN list but found number 2
            11 | a IN ('x' 'y') | expected ',' or ')' in the IN list
            11 | a IN ('x',) | expected a string literal in the IN list but found ')'
            10 | a IN ('x' | expected ',' or ')' in the IN list but found the end of the selector
            7 | a IN (b) | IN needs a list of string literals but found identifier 'b'
            1 | JMSPriority IN ('a') | IN applies to strings, but 'JMSPriority' is a number
            1 | a + 1 IN ('x') | IN applies to an identifier (a property or header), not to 'a + 1'
            1 | 'x' IN ('x') | IN applies to an identifier (a property or header), not to 'x'
            8 | a LIKE 5 | LIKE needs a string literal pattern but found number 5
            8 | a LIKE b | LIKE needs a string literal pattern but found identifier 'b'
            1 | 5 LIKE 'x' | LIKE applies to an identifier (a property or header), not to '5'
            1 | 'abc' LIKE 'a%' | LIKE applies to an identifier (a property or header), not to 'abc'
            1 | JMSPriority LIKE '4' | LIKE applies to strings, but 'JMSPriority' is a number
            1 | JMSTimestamp NOT LIKE '4' | LIKE applies to strings, but 'JMSTimestamp' is a number
            19 | a LIKE 'x' ESCAPE '' | the ESCAPE character must be a single character, but '' has 0
            19 | a LIKE 'x' ESCAPE 'ab' | the ESCAPE character must be a single character, but 'ab' has 2
            8 | a LIKE 'x!' ESCAPE '!' | the LIKE pattern 'x!' ends with its escape character '!'
            19 | a LIKE 'x' ESCAPE 5 | ESCAPE needs a single-character string literal but found number 5
            18 | a LIKE 'x' ESCAPE | ESCAPE needs a single-character string literal but found the end of the selector
            6 | a IS 5 | expected NULL after IS but found number 5
            10 | a IS NOT 5 | expected NULL after IS NOT but found number 5
            1 | 5 IS NULL | IS NULL applies to an identifier (a property or header), not to '5'
            1 | (a = 1) IS NULL | IS NULL applies to an identifier
            11 | a IS NULL IS NULL | expected AND, OR or the end of the selector but found 'IS'
            5 | a = NULL | NULL can only be tested with IS NULL or IS NOT NULL
            1 | NULL IS NULL | NULL can only be tested with IS NULL or IS NOT NULL
            1 | 'abc' + 1 = 2 | '+' needs numbers, but 'abc' is a string
            5 | a + 'abc' = 2 | '+' needs numbers, but 'abc' is a string
            1 | TRUE + 1 = 2 | '+' needs numbers, but 'TRUE' is a boolean
            1 | (a = 1) + 1 = 2 | '+' needs numbers, but '(a = 1)' is a boolean
            2 | -'abc' = 1 | unary '-' needs numbers, but 'abc' is a string
            2 | +TRUE = 1 | unary '+' needs numbers, but 'TRUE' is a boolean
            1 | JMSType * 2 = 1 | '*' needs numbers, but 'JMSType' is a string
            5 | a / JMSDeliveryMode = 1 | '/' needs numbers, but 'JMSDeliveryMode' is a string
            5 | a < 'abc' | '<' compares numbers only (strings and booleans support = and <> only), but 'abc' is a string
            1 | JMSType > 'a' | '>' compares numbers only
            6 | a >= TRUE | '>=' compares numbers only (strings and booleans support = and <> only), but 'TRUE' is a boolean
            1 | (a = 1) < TRUE | '<' compares numbers only
            5 | 'a' = 1 | '=' compares 'a', which is a string, with '1', which is a number; values of different types never match
            17 | JMSDeliveryMode = 2 | '=' compares 'JMSDeliveryMode', which is a string, with '2', which is a number
            13 | JMSPriority = 'high' | which is a number, with 'high', which is a string
            6 | TRUE = 1 | '=' compares 'TRUE', which is a boolean, with '1', which is a number
            9 | (a = 1) <> 'x' | which is a boolean, with 'x', which is a string
            1 | 5 | a selector needs a condition, but '5' is a number
            1 | 'abc' | a selector needs a condition, but 'abc' is a string
            1 | a + 1 | a selector needs a condition, but 'a + 1' is a number
            1 | JMSType | a selector needs a condition, but 'JMSType' is a string
            1 | JMSPriority | a selector needs a condition, but 'JMSPriority' is a number
            1 | (a + 1) | a selector needs a condition, but '(a + 1)' is a number
            5 | NOT 5 | NOT needs a condition, but '5' is a number
            11 | a = 1 AND 5 | AND needs a condition, but '5' is a number
            1 | 5 OR a = 1 | OR needs a condition, but '5' is a number
            1 | 'x' AND TRUE | AND needs a condition, but 'x' is a string
            1 | JMSExpiration > 0 | the header JMSExpiration cannot be used in a selector; selectors can use JMSDeliveryMode, JMSPriority, JMSMessageID, JMSTimestamp, JMSCorrelationID, JMSType
            1 | JMSReplyTo IS NULL | the header JMSReplyTo cannot be used in a selector
            1 | JMSRedelivered = TRUE | the header JMSRedelivered cannot be used in a selector
            1 | JMSDestination IS NULL | the header JMSDestination cannot be used in a selector
            1 | JMSDeliveryTime > 0 | the header JMSDeliveryTime cannot be used in a selector
            1 | JMSFoo = 1 | 'JMSFoo' is not a header a selector can use
            1 | JMSpriority = 1 | 'JMSpriority' is not a header a selector can use
            5 | a = IN | expected an expression after '='; IN is a reserved word and cannot name a property
            1 | like = 1 | expected an expression; like is a reserved word and cannot name a property
            7 | a AND = 1 | expected an expression after 'AND'
            1 | 9223372036854775808 > 0 | the number 9223372036854775808 is outside the range of long
            2 | -9223372036854775809 < 0 | the number -9223372036854775809 is outside the range of long
            1 | 0x1FFFFFFFFFFFFFFFF = 1 | is outside the range of long
            1 | 1e400 > 0 | the number 1e400 is too large for a double
            1 | 3.5e38f > 0 | the number 3.5e38f is too large for a float
            1 | 1e-400 > 0 | the number 1e-400 is too small for a double (it would round to zero)
            1 | 1e > 0 | the exponent of the number 1e has no digits
            1 | 1e+ > 0 | the exponent of the number 1e+ has no digits
            1 | 09 = 9 | the octal number 09 has a digit above 7
            1 | 0x = 1 | the hexadecimal number 0x has no digits
            1 | 0b = 1 | the binary number 0b has no digits
            1 | 0b102 = 1 | malformed number '0b102'
            1 | 0x1.8 = 1 | needs a binary exponent such as p0
            1 | 1.5L = 1 | malformed number '1.5L'
            1 | 5abc = 1 | malformed number '5abc'
            1 | 1_ = 1 | malformed number '1_'
            1 | 1._5 = 1 | malformed number '1._5'
            1 | 1.2.3 = 1 | malformed number '1.2.3'
            5 | a = 3AND TRUE | malformed number '3AND'
            """;

    private SelectorCases() {
    }

    static List<EvaluationCase> evaluationCases() {
        List<EvaluationCase> cases = new ArrayList<>();
        for (String line : EVALUATIONS.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\|", -1);
            String head = parts[0].trim();
            String message = head.contains("@") ? head.substring(head.indexOf('@') + 1) : "m1";
            if (!BY_NAME.containsKey(message)) {
                throw new IllegalStateException("Unknown fixture " + message + " in: " + line);
            }
            Boolean expected = switch (head.charAt(0)) {
                case 'T' -> Boolean.TRUE;
                case 'F' -> Boolean.FALSE;
                case 'U' -> null;
                default -> throw new IllegalStateException("Expected T, F or U in: " + line);
            };
            boolean declined = parts.length > 2 && parts[2].trim().equals("nosql");
            cases.add(new EvaluationCase(parts[1].trim(), message, expected, declined));
        }
        // selectors that a text block cannot show plainly
        cases.add(new EvaluationCase("int3\n=\r\n3\f", "m1", true, false));
        cases.add(new EvaluationCase("nul = 'a\u0000b'", "m1", true, true));
        cases.add(new EvaluationCase("lone = 'x\uD800'", "m1", true, true));
        cases.add(new EvaluationCase("JMSCorrelationID = '\uFFFDa'", "m5", true, true));
        return cases;
    }

    static List<ErrorCase> errorCases() {
        List<ErrorCase> cases = new ArrayList<>();
        for (String line : ERRORS.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split(" \\| ", 3);
            cases.add(new ErrorCase(parts[1], Integer.parseInt(parts[0].trim()), parts[2].trim()));
        }
        cases.add(new ErrorCase("a =\u00A01", 4, "unexpected character U+00A0"));
        cases.add(new ErrorCase("a = 1\u2003", 6, "unexpected character U+2003"));
        return cases;
    }
}
