package dev.sluice.jms.internal.selector;

import java.math.BigInteger;

/**
 * A numeric literal as the lexer read it. An exact literal keeps its unsigned magnitude and radix so that the
 * parser can apply a leading minus before the range check (so {@code -9223372036854775808} is valid, as in Java);
 * an approximate literal is already a finite double. Immutable.
 */
record NumberLiteral(BigInteger magnitude, int radix, double approximate) {

    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger LONG_MIN_MAGNITUDE = LONG_MAX.add(BigInteger.ONE);
    private static final BigInteger UNSIGNED_LONG_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    static NumberLiteral exact(BigInteger magnitude, int radix) {
        return new NumberLiteral(magnitude, radix, Double.NaN);
    }

    static NumberLiteral approximate(double value) {
        return new NumberLiteral(null, 0, value);
    }

    boolean isExact() {
        return magnitude != null;
    }

    /**
     * The long value, negated if {@code negated}, or null when it is out of range. As in Java, a decimal literal must
     * lie in the long range after its sign is applied, while hexadecimal, octal and binary literals may use all 64
     * bits (two's complement), so {@code 0xFFFFFFFFFFFFFFFF} is -1.
     */
    Long toLong(boolean negated) {
        if (radix == 10) {
            if (magnitude.compareTo(negated ? LONG_MIN_MAGNITUDE : LONG_MAX) > 0) {
                return null;
            }
            return negated ? magnitude.negate().longValue() : magnitude.longValue();
        }
        if (magnitude.compareTo(UNSIGNED_LONG_MAX) > 0) {
            return null;
        }
        long bits = magnitude.longValue();
        return negated ? -bits : bits;
    }
}
