package dev.sluice.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's command line, parsed once. Options are {@code --name=value}, {@code --name value} or a bare
 * {@code --flag}; the leading dashes may be left out (so {@code -Dbench.args="quick only=sluice"} works).
 * Unknown options fail with the list of known ones. Immutable.
 *
 * @param quick       a smoke run: short warm-up, one short iteration, a quick fsync probe
 * @param systems     the columns to run
 * @param workloads   the rows to run
 * @param warmup      warm-up time per workload and system (discarded)
 * @param iteration   measured time per iteration
 * @param iterations  measured iterations; the table shows their median
 * @param jdbcUrl     an external PostgreSQL (Sluice, Artemis-JDBC and the ceiling use it); null: embedded
 * @param user        login for {@code jdbcUrl}
 * @param password    password for {@code jdbcUrl}; never printed
 * @param workDir     where the embedded PostgreSQL, the Artemis journals and the fsync probe live
 * @param resultsDir  where a full run's CSV goes (quick or filtered runs write under {@code workDir})
 * @param scale       the scale sweep ({@link ScaleSweep}) instead of the table of workloads
 * @param scaleLarge  the sweep's largest points too (1M backlog, 10M history)
 * @param soakMinutes length of the sweep's soak
 * @param dimensions  the sweep's dimensions to run; empty: all
 */
record BenchOptions(boolean quick, Set<Column> systems, Set<Workload> workloads, Duration warmup,
                    Duration iteration, int iterations, String jdbcUrl, String user, String password,
                    Path workDir, Path resultsDir, boolean scale, boolean scaleLarge, int soakMinutes,
                    List<String> dimensions) {

    private static final Map<String, String> HELP = help();

    private static Map<String, String> help() {
        Map<String, String> help = new LinkedHashMap<>();
        help.put("quick", "smoke run: 1 s warm-up, 1 iteration of 2 s (about 2 minutes in all)");
        help.put("only", "systems to run, comma-separated: sluice, artemis-jdbc, artemis-journal, artemis-tuned,"
                + " pg-ceiling (default: all)");
        help.put("workloads", "rows to run, comma-separated: send-1, send-8, e2e-auto, e2e-tx100, latency, topic-4,"
                + " nonpersistent-8, request-reply, xa-4, joined (Sluice only), pg-1row-1, pg-1row-8, pg-100row-1, pg-100row-8,"
                + " pg-copy-8 (default: all)");
        help.put("warmup", "warm-up seconds per workload and system (default 2)");
        help.put("seconds", "seconds per measured iteration (default 3)");
        help.put("iterations", "measured iterations, the median is shown (default 3)");
        help.put("jdbc-url", "use this PostgreSQL instead of starting an embedded one");
        help.put("user", "login for jdbc-url");
        help.put("password", "password for jdbc-url");
        help.put("work-dir", "folder for the embedded PostgreSQL, the Artemis journals and the fsync probe"
                + " (default target/bench-data)");
        help.put("results-dir", "folder for the CSV of a full run (default results)");
        help.put("scale", "the scale sweep instead: Sluice and artemis-tuned over backlog, destinations, consumers,"
                + " idle listeners, message size, partitions, history and a soak, with plots (see README.md)");
        help.put("scale-large", "with --scale: the largest points too (1M queued, 10M of history; hours, 15 GB)");
        help.put("soak-minutes", "with --scale: minutes of the soak per system (default 30)");
        help.put("dimensions", "with --scale: dimensions to run, comma-separated: "
                + String.join(", ", ScaleSweep.DIMENSIONS) + " (default: all)");
        help.put("help", "print this list");
        return help;
    }

    static String usage() {
        StringBuilder usage = new StringBuilder("Options (--name=value or --name value):\n");
        HELP.forEach((name, text) -> usage.append(String.format("  --%-12s %s%n", name, text)));
        return usage.toString();
    }

    /** True when the run covers every system and workload at full length: its CSV is the one to commit. */
    boolean full() {
        if (scale) {
            return !quick && dimensions.isEmpty() && systems.contains(Column.SLUICE)
                    && systems.contains(Column.ARTEMIS_TUNED);
        }
        return !quick && systems.size() == Column.values().length
                && workloads.size() == Workload.values().length;
    }

    /** Where this run's CSV goes. */
    Path csvDirectory() {
        return full() ? resultsDir : workDir.resolve("results");
    }

    @Override
    public String toString() {
        return "BenchOptions[quick=" + quick + ", systems=" + systems + ", workloads=" + workloads + ", warmup="
                + warmup + ", iteration=" + iteration + ", iterations=" + iterations + ", jdbcUrl="
                + (jdbcUrl == null ? "embedded" : jdbcUrl) + ", user=" + user + ", password="
                + (password == null ? "none" : "****") + ", workDir=" + workDir + ", scale=" + scale + ", scaleLarge="
                + scaleLarge + ", soakMinutes=" + soakMinutes + ", dimensions=" + dimensions + "]";
    }

    /**
     * Parses the program arguments.
     *
     * @throws IllegalArgumentException naming the bad option, with the known ones
     * @return null when help was asked for
     */
    static BenchOptions parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> words = new ArrayList<>();
        for (String arg : args) {
            // exec:exec passes an unset -Dbench.args as one empty word, and one word may hold several options
            for (String word : arg.trim().split("\\s+")) {
                if (!word.isEmpty()) {
                    words.add(word);
                }
            }
        }
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i).replaceFirst("^--?", "");
            int equals = word.indexOf('=');
            String name = equals < 0 ? word : word.substring(0, equals);
            if (!HELP.containsKey(name)) {
                throw new IllegalArgumentException("Unknown option '" + words.get(i) + "'. " + usage());
            }
            String value;
            if (equals >= 0) {
                value = word.substring(equals + 1);
            } else if (name.equals("quick") || name.equals("help") || name.startsWith("scale")) {
                value = "true";
            } else if (i + 1 < words.size()) {
                value = words.get(++i);
            } else {
                throw new IllegalArgumentException("Option --" + name + " needs a value: " + HELP.get(name));
            }
            values.put(name, value);
        }
        if (values.containsKey("help")) {
            return null;
        }
        boolean quick = Boolean.parseBoolean(values.getOrDefault("quick", "false"));
        Set<Column> systems = EnumSet.allOf(Column.class);
        if (values.containsKey("only")) {
            systems = EnumSet.noneOf(Column.class);
            for (String id : values.get("only").split(",")) {
                systems.add(Column.byId(id.trim()));
            }
        }
        Set<Workload> workloads = EnumSet.allOf(Workload.class);
        if (values.containsKey("workloads")) {
            workloads = EnumSet.noneOf(Workload.class);
            for (String id : values.get("workloads").split(",")) {
                workloads.addAll(Workload.byId(id.trim()));
            }
        }
        Duration warmup = seconds(values, "warmup", quick ? 1 : 2);
        Duration iteration = seconds(values, "seconds", quick ? 2 : 3);
        int iterations = (int) number(values, "iterations", quick ? 1 : 3);
        if (iterations < 1) {
            throw new IllegalArgumentException("Option --iterations=" + iterations + " must be at least 1");
        }
        Path workDir = Path.of(values.getOrDefault("work-dir", "target/bench-data")).toAbsolutePath();
        Path resultsDir = Path.of(values.getOrDefault("results-dir", "results")).toAbsolutePath();
        boolean scale = Boolean.parseBoolean(values.getOrDefault("scale", "false"));
        boolean scaleLarge = Boolean.parseBoolean(values.getOrDefault("scale-large", "false"));
        if (scaleLarge && !scale) {
            throw new IllegalArgumentException("Option --scale-large goes with --scale");
        }
        int soakMinutes = (int) number(values, "soak-minutes", quick ? 1 : 30);
        if (soakMinutes < 1) {
            throw new IllegalArgumentException("Option --soak-minutes=" + soakMinutes + " must be at least 1");
        }
        List<String> dimensions = new ArrayList<>();
        if (values.containsKey("dimensions")) {
            if (!scale) {
                throw new IllegalArgumentException("Option --dimensions goes with --scale");
            }
            for (String dimension : values.get("dimensions").split(",")) {
                if (!ScaleSweep.DIMENSIONS.contains(dimension.trim())) {
                    throw new IllegalArgumentException("Unknown dimension '" + dimension + "'; known: "
                            + ScaleSweep.DIMENSIONS);
                }
                dimensions.add(dimension.trim());
            }
        }
        return new BenchOptions(quick, systems, workloads, warmup, iteration, iterations, values.get("jdbc-url"),
                values.get("user"), values.get("password"), workDir, resultsDir, scale, scaleLarge, soakMinutes,
                List.copyOf(dimensions));
    }

    private static Duration seconds(Map<String, String> values, String name, double fallback) {
        double seconds = number(values, name, fallback);
        if (seconds < 0 || (seconds == 0 && !name.equals("warmup"))) {
            throw new IllegalArgumentException("Option --" + name + "=" + seconds + " must be positive");
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private static double number(Map<String, String> values, String name, double fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Option --" + name + "='" + value + "' is not a number", e);
        }
    }

    /** The rows every JMS system runs: neither the raw ceiling's nor Sluice's own. */
    static EnumSet<Workload> jmsWorkloads(Set<Workload> workloads) {
        EnumSet<Workload> jms = EnumSet.noneOf(Workload.class);
        workloads.stream().filter(workload -> !workload.isCeiling() && !workload.isSluiceOnly()).forEach(jms::add);
        return jms;
    }

    /** Whether any row that only Sluice runs was chosen. */
    static boolean anySluiceOnly(Set<Workload> workloads) {
        return workloads.stream().anyMatch(Workload::isSluiceOnly);
    }
}
