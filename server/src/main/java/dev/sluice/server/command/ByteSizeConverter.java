package dev.sluice.server.command;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads sizes: a number of bytes, or with a unit {@code KB}, {@code MB}, {@code GB}, {@code TB} (powers of 1024;
 * {@code KiB} ... are accepted too). Stateless.
 */
public final class ByteSizeConverter implements CommandLine.ITypeConverter<Long> {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib|tb|tib)?");

    @Override
    public Long convert(String value) {
        return parse(value);
    }

    /** @throws CommandLine.TypeConversionException naming the value and the accepted forms */
    public static long parse(String value) {
        Matcher matcher = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a size: write bytes (1048576) or a"
                    + " number with a unit (512KB, 100MB, 1GB, 2TB)");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "b" : matcher.group(2);
        int shift = switch (unit.charAt(0)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        return amount << shift;
    }

    /** {@code 1.5 MB}, {@code 512 B}: for people, not exact. */
    public static String format(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
