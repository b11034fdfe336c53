package dev.sluice.bench;

/**
 * One point of the scale sweep: what {@code system} measured for {@code metric} when {@code dimension} was at
 * {@code x}. Immutable.
 *
 * @param dimension     the swept dimension, such as {@code backlog} or {@code consumers}
 * @param metric        what was measured, such as {@code consume rate} or {@code p99 latency}
 * @param unit          the metric's unit ({@code msg/s}, {@code ms}, {@code MB/s})
 * @param lowerIsBetter true for latencies
 * @param x             the dimension's value at this point (messages queued, consumers, bytes)
 * @param xUnit         what {@code x} counts, such as {@code messages queued}
 * @param system        who was measured
 * @param figure        the samples of the point's iterations, or why it failed
 */
record ScalePoint(String dimension, String metric, String unit, boolean lowerIsBetter, double x, String xUnit,
                  Column system, Figure figure) {
}
