package dev.sluice.server;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed page in the Prometheus text exposition format (0.0.4), strict enough to catch what a Prometheus server
 * would reject: every sample belongs to a family declared with one {@code # TYPE} line of a known type, metric and
 * label names are valid, label values are quoted and escaped, values are numbers.
 */
final class PrometheusText {

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\[\\\\\"n])*)\"");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample: a metric name, its labels, its value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final Map<String, String> types = new HashMap<>();
    private final java.util.List<Sample> samples = new java.util.ArrayList<>();

    private PrometheusText() {
    }

    /** @throws AssertionError naming the offending line when the page is not valid */
    static PrometheusText parse(String page) {
        PrometheusText parsed = new PrometheusText();
        int number = 0;
        for (String line : page.split("\n")) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                if (parts.length != 4 || !TYPES.contains(parts[3]) || parsed.types.put(parts[2], parts[3]) != null) {
                    throw new AssertionError("Line " + number + " is not a valid, first TYPE line: " + line);
                }
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new AssertionError("Line " + number + " is not a sample: " + line);
            }
            String name = sample.group(1);
            if (!parsed.types.containsKey(name)) {
                throw new AssertionError("Line " + number + ": metric " + name + " has no TYPE line before it");
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(3) != null && !sample.group(3).isEmpty()) {
                String rest = sample.group(3);
                Matcher label = LABEL.matcher(rest);
                int position = 0;
                while (position < rest.length()) {
                    if (!label.find(position) || label.start() != position) {
                        throw new AssertionError("Line " + number + " has malformed labels: " + line);
                    }
                    labels.put(label.group(1), label.group(2).replace("\\\"", "\"").replace("\\n", "\n")
                            .replace("\\\\", "\\"));
                    position = label.end();
                    if (position < rest.length()) {
                        if (rest.charAt(position) != ',') {
                            throw new AssertionError("Line " + number + " has malformed labels: " + line);
                        }
                        position++;
                    }
                }
            }
            double value;
            try {
                value = switch (sample.group(4)) {
                    case "+Inf" -> Double.POSITIVE_INFINITY;
                    case "-Inf" -> Double.NEGATIVE_INFINITY;
                    case "NaN" -> Double.NaN;
                    default -> Double.parseDouble(sample.group(4));
                };
            } catch (NumberFormatException e) {
                throw new AssertionError("Line " + number + " has no numeric value: " + line);
            }
            parsed.samples.add(new Sample(name, labels, value));
        }
        return parsed;
    }

    /** The value of the sample with this name whose labels include {@code labels} (name, value, ...). */
    Optional<Double> value(String name, String... labels) {
        return samples.stream()
                .filter(sample -> sample.name().equals(name))
                .filter(sample -> {
                    for (int i = 0; i < labels.length; i += 2) {
                        if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
                            return false;
                        }
                    }
                    return true;
                })
                .map(Sample::value)
                .findFirst();
    }

    String type(String name) {
        return types.get(name);
    }
}
