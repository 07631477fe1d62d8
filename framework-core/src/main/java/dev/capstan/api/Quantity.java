package dev.capstan.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.capstan.api.internal.StringPool;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Objects;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * A Kubernetes resource quantity ({@code 100m} of CPU, {@code 128Mi} of memory): an exact
 * decimal number that remembers the text it was written as.
 *
 * <h2>Text</h2> {@link #parse} accepts Kubernetes' grammar: an optional sign, a number
 * ({@code 1}, {@code 1.5}, {@code 1.}, {@code .5}) and an optional suffix, which is binary
 * ({@code Ki Mi Gi Ti Pi Ei}, powers of 1024), decimal ({@code n u m k M G T P E}, powers of
 * 1000) or an exponent ({@code e3}, {@code E-3}, {@code e+3}). The suffixes are case-sensitive:
 * {@code 1E} is 10<sup>18</sup> but {@code 1e} is malformed, {@code 1mi} is malformed. There is
 * no surrounding whitespace. {@link #toString()} returns the text exactly as given, so a
 * quantity read from JSON is written back unchanged; {@link #canonical()} returns the form the
 * API server would write.
 *
 * <h2>Value</h2> The value is what the API server would hold after parsing the text: values
 * finer than a nano ({@code 10^-9}) are rounded up, away from zero ({@code 0.9n} is {@code 1n});
 * a quantity with a binary suffix is capped at {@link Long#MAX_VALUE} in magnitude ({@code 9Ei}
 * and {@code 8Ei} are both 2<sup>63</sup>−1); decimal quantities have no upper cap beyond the
 * limits below. Arithmetic is exact ({@link BigDecimal}); nothing is ever a {@code double}.
 *
 * <h2>Limits</h2> To bound the memory and time one hostile string can cost, text is at most
 * 1024 characters, an exponent is within ±1000, and a decimal value is below
 * 10<sup>1001</sup> in magnitude. Everything the API server emits is far inside these limits.
 *
 * <h2>Equality and order</h2> {@link #equals}, {@link #hashCode} and {@link #compareTo} use the
 * numeric value only, like Go's {@code Quantity.Cmp}: {@code 1000m} equals {@code 1},
 * {@code 1Ki} equals {@code 1024}, and {@code 1Gi} is greater than {@code 1G}. The natural
 * ordering is consistent with equals. Two equal quantities may therefore print differently:
 * <pre>{@code
 * // ❌ compares spellings: "1000m" and "1" are the same CPU, so this updates forever
 * if (!desired.toString().equals(actual.toString())) { update(); }
 * // ✅ compares values
 * if (!desired.equals(actual)) { update(); }               // or desired.compareTo(actual) != 0
 *
 * // ❌ new BigDecimal(q.toString()) fails on "100m" and is wrong for "1Ki"
 * // ✅ q.toBigDecimal()
 * }</pre>
 *
 * <h2>JSON</h2> Written as a JSON string holding {@link #toString()}. Read from a JSON string
 * (surrounding whitespace is tolerated, as the API server does, and kept) or from a JSON number
 * such as {@code "cpu": 2}, whose exact decimal value is kept and which is written back as a
 * string, as the API server does.
 *
 * <h2>Thread safety</h2> Immutable and safe to share between threads. The numeric value is
 * computed on first use and cached.
 */
@NullMarked
public final class Quantity implements Comparable<Quantity> {

    /*
     * Implementation notes.
     *
     * Representation: an informer cache holds millions of quantities, so an instance is the
     * text plus one lazily filled field (24 bytes with compressed references). Construction
     * only scans the text (no allocation); the value is built on first use by scanning again.
     * Strings read from JSON are deduplicated through StringPool, so the many "100m" in a
     * cache share one String. The cache field is volatile; a race computes the same immutable
     * value twice, which is harmless.
     *
     * The value is normalized (no trailing zeros, scale >= 0), so each number has exactly one
     * BigDecimal and equals/hashCode can delegate to it.
     *
     * Where this differs from apimachinery's ParseQuantity, deliberately:
     *  - Go's scanner also accepts a number without digits ("", "-", ".", "Mi" all parse as 0);
     *    this follows the documented grammar (and the OpenAPI pattern for CRDs) and rejects them.
     *  - Go wraps exponents beyond int32 silently; the limits above reject them instead.
     *  - Go's canonical form prints no suffix past Ei (1024^7 becomes "1"); here factors of
     *    1024 stop at Ei. Only reachable through of(), as parsing caps binary values.
     *  - of(v, BINARY_SI) with |v| > Long.MAX_VALUE renders in DECIMAL_SI, because the binary
     *    text would be capped when parsed again (Go writes 2^63 as "8Ei", which parses back as
     *    2^63-1).
     *
     * The magnitude limit is checked on the text, before rounding: a literal whose leading digit
     * sits at 10^1000 and that has digits below a nano could round up to 10^1001, so it is
     * rejected too. That keeps every canonical() text parseable by parse().
     */

    /** The formats Kubernetes remembers for a quantity and renders its canonical form in. */
    public enum Format {
        /** Powers of 1000 with {@code n u m k M G T P E} suffixes, e.g. {@code 12M}. */
        DECIMAL_SI,
        /** Powers of 1024 with {@code Ki Mi Gi Ti Pi Ei} suffixes, e.g. {@code 12Mi}. */
        BINARY_SI,
        /** Powers of ten written as an exponent, e.g. {@code 12e6}. */
        DECIMAL_EXPONENT
    }

    private static final int MAX_LENGTH = 1024;
    private static final int MAX_EXPONENT = 1000;
    private static final int NANO_SCALE = 9;
    private static final BigDecimal MAX_BINARY = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal KIBI = BigDecimal.valueOf(1024);
    private static final String[] DECIMAL_SUFFIXES = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
    private static final String[] BINARY_SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final String GRAMMAR =
            "expected a number with an optional suffix (Ki, Mi, Gi, Ti, Pi, Ei, n, u, m, k, M, G, T, P, E) or exponent (1e3)";

    /** The text as given; valid (after stripping surrounding whitespace, for JSON input). */
    private final String text;
    /** The normalized value of {@link #text}, or null until first needed. */
    private volatile @Nullable BigDecimal value;

    private Quantity(String text, @Nullable BigDecimal value) {
        this.text = text;
        this.value = value;
    }

    /**
     * Parses Kubernetes' quantity text; see the class comment for the grammar and limits.
     *
     * @throws IllegalArgumentException if {@code text} is not a quantity; the message quotes it
     */
    public static Quantity parse(String text) {
        Objects.requireNonNull(text, "text");
        scan(text);
        return new Quantity(text, null);
    }

    /**
     * A quantity of {@code value} written in {@code format}'s canonical form, as Go's
     * {@code NewDecimalQuantity(value, format).String()}: {@code of(1073741824, BINARY_SI)} is
     * {@code 1Gi}, {@code of(0.5, DECIMAL_SI)} is {@code 500m}. The value is rounded up to a nano
     * like parsed text. Binary form is only used where it is exact and at least 1024 in
     * magnitude ({@code of(5, BINARY_SI)} is {@code 5}), so {@link #format()} of the result may
     * be {@link Format#DECIMAL_SI}.
     *
     * @throws IllegalArgumentException if the value is 10<sup>1001</sup> or more in magnitude
     */
    public static Quantity of(BigDecimal value, Format format) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(format, "format");
        BigDecimal rounded = roundUpToNano(value);
        if (rounded.signum() != 0 && (long) rounded.precision() - rounded.scale() - 1 > MAX_EXPONENT) {
            throw new IllegalArgumentException(
                    quote(rounded.toString()) + " is out of range for a quantity: the magnitude must be below 10^" + (MAX_EXPONENT + 1));
        }
        BigDecimal normalized = normalize(rounded);
        return new Quantity(render(normalized, format), normalized);
    }

    /** {@code millis} thousandths in decimal SI, as Go's {@code NewMilliQuantity}: 1500 is {@code 1500m}, 2000 is {@code 2}. */
    public static Quantity ofMillis(long millis) {
        return of(BigDecimal.valueOf(millis, 3), Format.DECIMAL_SI);
    }

    /**
     * {@code bytes} in binary SI, as Go's {@code NewQuantity(bytes, BinarySI)}: 1048576 is
     * {@code 1Mi}, 1536 is {@code 1536}. As in Kubernetes, values below 1024 render in decimal
     * SI, so 1000 is {@code 1k}.
     */
    public static Quantity ofBytes(long bytes) {
        return of(BigDecimal.valueOf(bytes), Format.BINARY_SI);
    }

    /** JSON strings; whitespace around the quantity is tolerated (as the API server does) and kept. */
    @JsonCreator
    private static Quantity fromJson(String text) {
        scan(text.strip());
        return new Quantity(StringPool.intern(text), null);
    }

    /** JSON numbers ({@code "cpu": 2}); the number's exact decimal value is kept. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    private static Quantity fromJson(BigDecimal number) {
        return parse(number.toString());
    }

    /**
     * The exact value, normalized: no trailing zeros and never a negative scale, so
     * {@code 1k} is {@code 1000} and {@code 100m} is {@code 0.1}.
     */
    public BigDecimal toBigDecimal() {
        return value();
    }

    /**
     * The value as a {@code long}, like {@link BigDecimal#longValueExact()}.
     *
     * @throws ArithmeticException if the value has a fractional part ({@code 100m}) or does not
     *     fit in a {@code long}
     */
    public long toLong() {
        BigDecimal v = value();
        if (v.scale() > 0) {
            throw new ArithmeticException(quote(text) + " is not a whole number");
        }
        if (v.compareTo(MAX_BINARY) > 0 || v.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
            throw new ArithmeticException(quote(text) + " does not fit in a long");
        }
        return v.longValue();
    }

    /**
     * The format Kubernetes infers from the text: {@link Format#BINARY_SI} for a binary suffix
     * (but {@link Format#DECIMAL_SI} when the value is strictly between -1 and 1 and not zero),
     * {@link Format#DECIMAL_EXPONENT} for an exponent, {@link Format#DECIMAL_SI} otherwise.
     */
    public Format format() {
        Syntax syntax = scan(text.strip());
        if (syntax.kind() != Format.BINARY_SI) {
            return syntax.kind();
        }
        BigDecimal v = value();
        return v.signum() != 0 && v.abs().compareTo(BigDecimal.ONE) < 0 ? Format.DECIMAL_SI : Format.BINARY_SI;
    }

    /**
     * The form the API server writes, as Go's {@code Quantity.String()}: the value in
     * {@link #format()}, with no fractional digits and the largest suffix that loses nothing.
     * {@code 1000m} is {@code 1}, {@code 1024Ki} is {@code 1Mi}, {@code 0.5} is {@code 500m},
     * {@code 1.5Gi} is {@code 1536Mi}, {@code 1E3} is {@code 1e3}, zero is {@code 0}. A binary
     * quantity below 1024 or with a fraction is written in decimal SI ({@code 0.5Ki} is
     * {@code 512}); a decimal SI quantity of 10<sup>21</sup> or more uses an exponent
     * ({@code 1000E} is {@code 1e21}). The result always parses back to an equal quantity.
     */
    public String canonical() {
        return render(value(), format());
    }

    /** Compares numerically: {@code 1Gi > 1G}, {@code 1000m == 1}. Consistent with {@link #equals}. */
    @Override
    public int compareTo(Quantity other) {
        return value().compareTo(other.value());
    }

    /** True when {@code other} is a quantity of the same numeric value, whatever its text or format. */
    @Override
    public boolean equals(@Nullable Object other) {
        if (this == other) {
            return true;
        }
        return other instanceof Quantity that && (text.equals(that.text) || value().equals(that.value()));
    }

    /** A hash of the numeric value, so {@code 1000m} and {@code 1} hash alike. */
    @Override
    public int hashCode() {
        return value().hashCode();
    }

    /** The text exactly as parsed or read from JSON (for {@link #of} and its kin, the canonical form). */
    @JsonValue
    @Override
    public String toString() {
        return text;
    }

    private BigDecimal value() {
        BigDecimal v = value;
        if (v == null) {
            v = evaluate(scan(text.strip()));
            value = v;
        }
        return v;
    }

    // ---- parsing -------------------------------------------------------------------------

    /**
     * Where the parts of a valid quantity are in {@code text}. {@code power} is the suffix's
     * power of two for {@link Format#BINARY_SI}, else its power of ten.
     */
    private record Syntax(String text, boolean negative, int intStart, int intEnd, int fracStart, int fracEnd,
            Format kind, int power) {}

    /** Validates {@code s} and locates its parts; throws {@link IllegalArgumentException} if it is not a quantity. */
    private static Syntax scan(String s) {
        int n = s.length();
        if (n > MAX_LENGTH) {
            throw new IllegalArgumentException(quote(s) + " is not a quantity: it is longer than " + MAX_LENGTH + " characters");
        }
        int i = 0;
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int intStart = i;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        int intEnd = i;
        int fracStart = i;
        if (i < n && s.charAt(i) == '.') {
            fracStart = ++i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
        }
        int fracEnd = i;
        if (intEnd == intStart && fracEnd == fracStart) {
            throw malformed(s);
        }

        Format kind;
        int power;
        int rest = n - i;
        char c = rest > 0 ? s.charAt(i) : 0;
        if (rest == 0) {
            kind = Format.DECIMAL_SI;
            power = 0;
        } else if (rest == 1 && decimalPower(c) != Integer.MIN_VALUE) {
            kind = Format.DECIMAL_SI;
            power = decimalPower(c);
        } else if (rest == 2 && s.charAt(i + 1) == 'i' && binaryPower(c) > 0) {
            kind = Format.BINARY_SI;
            power = binaryPower(c);
        } else if (rest >= 2 && (c == 'e' || c == 'E')) {
            kind = Format.DECIMAL_EXPONENT;
            power = exponent(s, i + 1);
        } else {
            throw malformed(s);
        }

        if (kind != Format.BINARY_SI) {
            checkMagnitude(s, intStart, intEnd, fracStart, fracEnd, power);
        }
        return new Syntax(s, negative, intStart, intEnd, fracStart, fracEnd, kind, power);
    }

    /** The signed integer after an {@code e}/{@code E} starting at {@code from}, within ±{@link #MAX_EXPONENT}. */
    private static int exponent(String s, int from) {
        int i = from;
        int n = s.length();
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        if (i == n) {
            throw malformed(s);
        }
        int magnitude = 0;
        boolean inRange = true;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                throw malformed(s);
            }
            if (inRange) {
                magnitude = magnitude * 10 + (c - '0');
                inRange = magnitude <= MAX_EXPONENT;
            }
        }
        if (!inRange) {
            throw outOfRange(s);
        }
        return negative ? -magnitude : magnitude;
    }

    /** Rejects decimal text whose value could reach 10^(MAX_EXPONENT+1); see the implementation notes. */
    private static void checkMagnitude(String s, int intStart, int intEnd, int fracStart, int fracEnd, int power) {
        int leading = Integer.MIN_VALUE; // power of ten of the first non-zero digit
        for (int k = intStart; k < intEnd && leading == Integer.MIN_VALUE; k++) {
            if (s.charAt(k) != '0') {
                leading = intEnd - 1 - k + power;
            }
        }
        for (int k = fracStart; k < fracEnd && leading == Integer.MIN_VALUE; k++) {
            if (s.charAt(k) != '0') {
                leading = fracStart - 1 - k + power;
            }
        }
        boolean mayRoundUp = power - (fracEnd - fracStart) < -NANO_SCALE;
        if (leading > MAX_EXPONENT || (leading == MAX_EXPONENT && mayRoundUp)) {
            throw outOfRange(s);
        }
    }

    /** The normalized value of valid text: scaled by its suffix, rounded up to a nano, binary capped. */
    private static BigDecimal evaluate(Syntax syntax) {
        String s = syntax.text();
        int fracLength = syntax.fracEnd() - syntax.fracStart();
        BigInteger digits = digits(s, syntax.intStart(), syntax.intEnd(), syntax.fracStart(), syntax.fracEnd());
        BigDecimal magnitude = syntax.kind() == Format.BINARY_SI
                ? new BigDecimal(digits.shiftLeft(syntax.power()), fracLength)
                : new BigDecimal(digits, fracLength - syntax.power());
        magnitude = roundUpToNano(magnitude);
        if (syntax.kind() == Format.BINARY_SI && magnitude.compareTo(MAX_BINARY) > 0) {
            magnitude = MAX_BINARY;
        }
        return normalize(syntax.negative() ? magnitude.negate() : magnitude);
    }

    /** The integer spelled by the digits before and after the point, read as one run. */
    private static BigInteger digits(String s, int intStart, int intEnd, int fracStart, int fracEnd) {
        int count = (intEnd - intStart) + (fracEnd - fracStart);
        if (count <= 18) {
            long v = 0;
            for (int k = intStart; k < intEnd; k++) {
                v = v * 10 + (s.charAt(k) - '0');
            }
            for (int k = fracStart; k < fracEnd; k++) {
                v = v * 10 + (s.charAt(k) - '0');
            }
            return BigInteger.valueOf(v);
        }
        return new BigInteger(s.substring(intStart, intEnd) + s.substring(fracStart, fracEnd));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9'; // not Character.isDigit: no other scripts' digits
    }

    private static int decimalPower(char c) {
        return switch (c) {
            case 'n' -> -9;
            case 'u' -> -6;
            case 'm' -> -3;
            case 'k' -> 3;
            case 'M' -> 6;
            case 'G' -> 9;
            case 'T' -> 12;
            case 'P' -> 15;
            case 'E' -> 18;
            default -> Integer.MIN_VALUE;
        };
    }

    private static int binaryPower(char c) {
        return switch (c) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            case 'P' -> 50;
            case 'E' -> 60;
            default -> 0;
        };
    }

    // ---- values and rendering ------------------------------------------------------------

    /** Rounds away from zero to nano precision, without ever expanding an extreme scale. */
    private static BigDecimal roundUpToNano(BigDecimal v) {
        if (v.signum() == 0 || v.scale() <= NANO_SCALE) {
            return v;
        }
        if (v.precision() - v.scale() <= -NANO_SCALE) { // |v| < 10^-9
            return BigDecimal.valueOf(v.signum(), NANO_SCALE);
        }
        return v.setScale(NANO_SCALE, RoundingMode.UP);
    }

    /** The one representation of a number: no trailing zeros, scale at least 0. */
    private static BigDecimal normalize(BigDecimal v) {
        if (v.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal stripped = v.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** Kubernetes' canonical text for a normalized value (Go's CanonicalizeBytes). */
    private static String render(BigDecimal v, Format format) {
        if (v.signum() == 0) {
            return "0";
        }
        if (format == Format.BINARY_SI) {
            BigDecimal abs = v.abs();
            if (v.scale() == 0 && abs.compareTo(KIBI) >= 0 && abs.compareTo(MAX_BINARY) <= 0) {
                long n = v.longValue();
                int k = 0;
                while (k < BINARY_SUFFIXES.length - 1 && n % 1024 == 0) {
                    n /= 1024;
                    k++;
                }
                return n + BINARY_SUFFIXES[k];
            }
            format = Format.DECIMAL_SI; // fractional, small or beyond a long: binary would round or cap
        }
        BigDecimal stripped = v.stripTrailingZeros();
        BigInteger mantissa = stripped.unscaledValue();
        int exponent = -stripped.scale();
        int shift = Math.floorMod(exponent, 3);
        if (shift > 0) {
            mantissa = mantissa.multiply(BigInteger.TEN.pow(shift));
            exponent -= shift;
        }
        String suffix;
        if (format == Format.DECIMAL_SI && exponent >= -9 && exponent <= 18) {
            suffix = DECIMAL_SUFFIXES[(exponent + 9) / 3];
        } else {
            suffix = exponent == 0 ? "" : "e" + exponent;
        }
        return mantissa + suffix;
    }

    // ---- errors --------------------------------------------------------------------------

    private static IllegalArgumentException malformed(String s) {
        return new IllegalArgumentException(quote(s) + " is not a quantity: " + GRAMMAR);
    }

    private static IllegalArgumentException outOfRange(String s) {
        return new IllegalArgumentException(quote(s) + " is not a quantity: it is out of range (exponents are limited to ±"
                + MAX_EXPONENT + " and magnitudes to below 10^" + (MAX_EXPONENT + 1) + ")");
    }

    /** {@code 's'}, shortened when long so that a hostile value cannot flood a log. */
    private static String quote(String s) {
        return s.length() <= 64 ? "'" + s + "'" : "'" + s.substring(0, 64) + "…' (" + s.length() + " characters)";
    }
}
