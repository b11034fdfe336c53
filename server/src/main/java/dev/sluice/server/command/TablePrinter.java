package dev.sluice.server.command;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Prints rows as psql does: a header, a rule, aligned columns (numbers to the right), and a row count. Null values
 * print as empty cells. Stateless.
 */
public final class TablePrinter {

    private TablePrinter() {
    }

    /**
     * Prints {@code rows} under {@code headers}; the columns whose index is in {@code numeric} are right-aligned.
     */
    public static void print(PrintStream out, List<String> headers, List<List<String>> rows, Set<Integer> numeric) {
        int[] widths = new int[headers.size()];
        for (int column = 0; column < headers.size(); column++) {
            widths[column] = headers.get(column).length();
            for (List<String> row : rows) {
                widths[column] = Math.max(widths[column], cell(row, column).length());
            }
        }
        StringBuilder header = new StringBuilder();
        StringBuilder rule = new StringBuilder();
        for (int column = 0; column < headers.size(); column++) {
            header.append(column == 0 ? " " : " | ").append(center(headers.get(column), widths[column]));
            rule.append(column == 0 ? "" : "+").append("-".repeat(widths[column] + 2));
        }
        out.println(stripTrailing(header));
        out.println(rule);
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < headers.size(); column++) {
                String value = cell(row, column);
                String padded = numeric.contains(column)
                        ? " ".repeat(widths[column] - value.length()) + value
                        : value + " ".repeat(widths[column] - value.length());
                line.append(column == 0 ? " " : " | ").append(padded);
            }
            out.println(stripTrailing(line));
        }
        out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }

    /** Prints every row of {@code resultSet} (read as text, as psql shows it); returns how many. */
    public static int print(PrintStream out, ResultSet resultSet) throws SQLException {
        ResultSetMetaData metaData = resultSet.getMetaData();
        List<String> headers = new ArrayList<>();
        Set<Integer> numeric = new HashSet<>();
        for (int column = 1; column <= metaData.getColumnCount(); column++) {
            headers.add(metaData.getColumnLabel(column));
            if (isNumeric(metaData.getColumnType(column))) {
                numeric.add(column - 1);
            }
        }
        List<List<String>> rows = new ArrayList<>();
        while (resultSet.next()) {
            List<String> row = new ArrayList<>();
            for (int column = 1; column <= headers.size(); column++) {
                row.add(resultSet.getString(column));
            }
            rows.add(row);
        }
        print(out, headers, rows, numeric);
        return rows.size();
    }

    private static boolean isNumeric(int sqlType) {
        return switch (sqlType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.NUMERIC, Types.DECIMAL,
                 Types.REAL, Types.FLOAT, Types.DOUBLE -> true;
            default -> false;
        };
    }

    private static String cell(List<String> row, int column) {
        String value = column < row.size() ? row.get(column) : null;
        return value == null ? "" : value.replace("\n", "\\n");
    }

    private static String center(String text, int width) {
        int left = (width - text.length()) / 2;
        return " ".repeat(left) + text + " ".repeat(width - text.length() - left);
    }

    private static String stripTrailing(StringBuilder line) {
        return line.toString().stripTrailing();
    }
}
