package dev.capstan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.Quantity.Format;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

/** Expected values follow apimachinery's quantity_test.go where it has a case. */
class QuantityTest {
    private static final String GRAMMAR =
            " is not a quantity: expected a number with an optional suffix (Ki, Mi, Gi, Ti, Pi, Ei, n, u, m, k, M, G, T, P, E) or exponent (1e3)";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Holder(Quantity q) {}

    private static void assertParses(String text, String value, Format format) {
        Quantity q = Quantity.parse(text);
        assertThat(q.toBigDecimal()).as(text).isEqualByComparingTo(value);
        assertThat(q.format()).as(text).isEqualTo(format);
        assertThat(q.toString()).isEqualTo(text);
    }

    // ---- parsing -------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
        "5n, 0.000000005", "4u, 0.000004", "3m, 0.003", "9, 9", "8k, 8000", "50k, 50000", "7M, 7000000",
        "6G, 6000000000", "5T, 5000000000000", "40T, 40000000000000", "2P, 2000000000000000", "1E, 1000000000000000000",
        "0, 0", "0n, 0", "0m, 0", "0k, 0", "0T, 0"
    })
    void parsesEveryDecimalSuffix(String text, String value) {
        assertParses(text, value, Format.DECIMAL_SI);
    }

    @ParameterizedTest
    @CsvSource({
        "1Ki, 1024", "8Ki, 8192", "7Mi, 7340032", "6Gi, 6442450944", "5Ti, 5497558138880",
        "4Pi, 4503599627370496", "3Ei, 3458764513820540928", "100Ti, 109951162777600",
        "0Ki, 0", "0Mi, 0", "0Ei, 0"
    })
    void parsesEveryBinarySuffix(String text, String value) {
        assertParses(text, value, Format.BINARY_SI);
    }

    @ParameterizedTest
    @CsvSource({
        "1e3, 1000", "1E3, 1000", "1E+3, 1000", "1e+3, 1000", "1e-3, 0.001", "1E-3, 0.001", "1e03, 1000", "1e0, 1",
        "1e-0, 1", "1.2e3, 1200", "1.3E+6, 1300000", "1.40e9, 1400000000", "1.53E12, 1530000000000",
        "1.7E18, 1700000000000000000", "0.5e0, 0.5", "0.5e-2, 0.005", ".001e12, 1000000000", "1000e-12, 0.000000001"
    })
    void parsesExponentsInEitherCaseWithOrWithoutASign(String text, String value) {
        assertParses(text, value, Format.DECIMAL_EXPONENT);
    }

    @ParameterizedTest
    @CsvSource({
        "1., 1", ".5, 0.5", "1.5, 1.5", "0.001, 0.001", ".001, 0.001", "1.G, 1000000000", "100.035k, 100035",
        "0.0005k, 0.5", ".0001k, 0.1", "00.50, 0.5", "007, 7", "10.035M, 10035000", "9.01, 9.01", "8.1k, 8100",
        "6.987654321G, 6987654321", "2.5P, 2500000000000000", "1.01E, 1010000000000000000", "0.50000, 0.5"
    })
    void parsesEveryFormOfDecimalPoint(String text, String value) {
        assertParses(text, value, Format.DECIMAL_SI);
    }

    @ParameterizedTest
    @CsvSource({
        "+1, 1, DECIMAL_SI", "-1, -1, DECIMAL_SI", "+.5, 0.5, DECIMAL_SI", "-0, 0, DECIMAL_SI", "-.5, -0.5, DECIMAL_SI",
        "-1.5Gi, -1610612736, BINARY_SI", "+1Ki, 1024, BINARY_SI", "-1e-3, -0.001, DECIMAL_EXPONENT", "+1E+3, 1000, DECIMAL_EXPONENT"
    })
    void parsesSigns(String text, String value, Format format) {
        assertParses(text, value, format);
    }

    @ParameterizedTest
    @CsvSource({
        "3.001n, 0.000000004, DECIMAL_SI", "0.0000000001, 0.000000001, DECIMAL_SI", "0.0000000005, 0.000000001, DECIMAL_SI",
        "0.00000000050, 0.000000001, DECIMAL_SI", "0.9n, 0.000000001, DECIMAL_SI", "0.00000012345, 0.000000124, DECIMAL_SI",
        "0.00000012354, 0.000000124, DECIMAL_SI", "-0.0000000001, -0.000000001, DECIMAL_SI", "-3.001n, -0.000000004, DECIMAL_SI",
        "0.5e-9, 0.000000001, DECIMAL_EXPONENT", "1.1E-9, 0.000000002, DECIMAL_EXPONENT", "1e-1000, 0.000000001, DECIMAL_EXPONENT",
        "0.000000000001Ki, 0.000000002, DECIMAL_SI"
    })
    void roundsValuesFinerThanANanoAwayFromZero(String text, String value, Format format) {
        assertParses(text, value, format);
    }

    @ParameterizedTest
    @ValueSource(strings = {"9Ei", "8Ei", "9223372036854775807Ki", "100000000000000000000000000000Ki", "16Ei"})
    void capsBinaryQuantitiesAtTheLargestLong(String text) {
        assertParses(text, "9223372036854775807", Format.BINARY_SI);
        assertParses("-" + text, "-9223372036854775807", Format.BINARY_SI);
    }

    @Test
    void keepsBinaryQuantitiesBelowTheCapExact() {
        assertParses("7Ei", "8070450532247928832", Format.BINARY_SI);
    }

    @ParameterizedTest
    @CsvSource({
        "12E, 12000000000000000000", "18446744073709551616, 18446744073709551616", "-9223372036854775809, -9223372036854775809",
        "1000E, 1000000000000000000000", "9999999999999999999.1, 9999999999999999999.1"
    })
    void keepsDecimalQuantitiesBeyondTheLongRangeExact(String text, String value) {
        assertParses(text, value, Format.DECIMAL_SI);
    }

    @ParameterizedTest
    @CsvSource({
        "0.5Mi, 524288, BINARY_SI", "100.035Ki, 102435.84, BINARY_SI", "0.05Gi, 53687091.2, BINARY_SI",
        "0.025Ti, 27487790694.4, BINARY_SI", ".001Ki, 1.024, BINARY_SI", "0.5Ki, 512, BINARY_SI",
        "0.0001Ki, 0.1024, DECIMAL_SI", "-0.0001Ki, -0.1024, DECIMAL_SI", "1.Ki, 1024, BINARY_SI"
    })
    void fractionalBinaryQuantitiesBelowOneBecomeDecimal(String text, String value, Format format) {
        assertParses(text, value, format);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "1.2.3", "Mi", "1 Mi", "1mi", "--1", "1e", "1E+", "1e-", ".", "-", "+", "-.", "+-1", "1KI", "1ki", "1K",
        "1i", ".5i", "-3.01i", "1.1.M", "1+1.0M", "0.1mi", "0.1am", "aoeu", "-3.01e-", " 1", "1 ", "1\n", "1e3.5",
        "1Ee3", "1E3E", "1k1", "1Ki3", "1Gi ", "0x10", "1_000", "1,5", "NaN", "Infinity", "e3", "12x", "\u0661", "1e\u0663"
    })
    void rejectsMalformedTextSayingWhatAQuantityLooksLike(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Quantity.parse(text))
                .withMessage("'" + text + "'" + GRAMMAR);
    }

    @Test
    void errorMessageQuotesTheValueAndShowsTheGrammar() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Quantity.parse("12x"))
                .withMessage("'12x' is not a quantity: expected a number with an optional suffix "
                        + "(Ki, Mi, Gi, Ti, Pi, Ei, n, u, m, k, M, G, T, P, E) or exponent (1e3)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e1001", "1e-1001", "1E2147483648", "1e99999999999999999999", "0.1e1002", "10e1000", "-10e1000", "1000e998"})
    void rejectsHugeExponents(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Quantity.parse(text))
                .withMessageStartingWith("'" + text + "' is not a quantity: it is out of range");
    }

    @Test
    void rejectsDecimalValuesOfTenToThe1001OrMore() {
        String huge = "1" + "0".repeat(1001);
        assertThatIllegalArgumentException().isThrownBy(() -> Quantity.parse(huge)).withMessageContaining("out of range");
        assertThat(Quantity.parse("9".repeat(1001)).toBigDecimal()).isEqualTo(BigDecimal.TEN.pow(1001).subtract(BigDecimal.ONE));
    }

    @Test
    void rejectsTextThatCouldRoundUpToTenToThe1001SoThatEveryCanonicalFormParses() {
        String exact = "9." + "9".repeat(1009) + "e1000"; // lowest digit is a nano: nothing to round
        assertThat(Quantity.parse(exact).canonical()).satisfies(c -> assertThat(Quantity.parse(c)).isEqualTo(Quantity.parse(exact)));
        String roundsUp = "9." + "9".repeat(1010) + "e1000"; // would round up to 10^1001
        assertThatIllegalArgumentException().isThrownBy(() -> Quantity.parse(roundsUp)).withMessageContaining("out of range");
    }

    @Test
    void acceptsExponentsUpToAThousand() {
        assertThat(Quantity.parse("1e1000").toBigDecimal()).isEqualTo(BigDecimal.TEN.pow(1000));
        assertThat(Quantity.parse("9.9999999999e1000").toBigDecimal()).isEqualByComparingTo("9.9999999999e1000");
        assertThat(Quantity.parse("1e-1000").toBigDecimal()).isEqualByComparingTo("1e-9");
    }

    @Test
    void rejectsTextLongerThan1024Characters() {
        String longest = "0." + "0".repeat(1021) + "1";
        assertThat(longest).hasSize(1024);
        assertThat(Quantity.parse(longest).toBigDecimal()).isEqualByComparingTo("1e-9");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Quantity.parse(longest + "0"))
                .withMessageEndingWith("is not a quantity: it is longer than 1024 characters");
    }

    @Test
    void errorMessagesShortenVeryLongValues() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Quantity.parse("x".repeat(5000)))
                .withMessageStartingWith("'" + "x".repeat(64) + "…' (5000 characters) is not a quantity")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }

    @Test
    void parseRejectsNull() {
        assertThatNullPointerException().isThrownBy(() -> Quantity.parse(null));
    }

    // ---- text round trip -----------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"1000m", "1.", ".5", "+1", "01", "1E3", "1e+03", "0.50000", "-0", "1024Ki", "12E", "100.035Ki", "8Ei", "3.001n"})
    void toStringReturnsTheTextExactlyAsParsed(String text) {
        assertThat(Quantity.parse(text).toString()).isEqualTo(text);
    }

    // ---- equality and order --------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
        "1000m, 1", "1024Ki, 1Mi", "1Ki, 1024", "1k, 1000", "1e3, 1k", "0.5, 500m", "-0, 0", "0Ki, 0", "0.9n, 1n", "1., 1",
        "8Ei, 9Ei", "1.5Gi, 1536Mi", "1E, 1e18", "-1000m, -1", "0.001T, 1G"
    })
    void equalQuantitiesMayBeSpelledDifferently(String a, String b) {
        Quantity x = Quantity.parse(a);
        Quantity y = Quantity.parse(b);
        assertThat(x).isEqualTo(y);
        assertThat(y).isEqualTo(x);
        assertThat(x.hashCode()).isEqualTo(y.hashCode());
        assertThat(x.compareTo(y)).isZero();
        assertThat(y.compareTo(x)).isZero();
    }

    @ParameterizedTest
    @CsvSource({"1Gi, 1G", "1, 100m", "0, -1", "1Ki, 1k", "10000T, 100Gi", "100m, 50m", "1n, 0", "1e21, 9Ei"})
    void greaterQuantitiesCompareGreater(String greater, String lesser) {
        Quantity x = Quantity.parse(greater);
        Quantity y = Quantity.parse(lesser);
        assertThat(x).isGreaterThan(y);
        assertThat(y).isLessThan(x);
        assertThat(x).isNotEqualTo(y);
    }

    @Test
    void sortsByValue() {
        List<String> sorted = List.of("1Gi", "1G", "500m", "-1", "0", "1", "1Mi").stream()
                .map(Quantity::parse)
                .sorted()
                .map(Quantity::toString)
                .toList();
        assertThat(sorted).containsExactly("-1", "0", "500m", "1", "1Mi", "1G", "1Gi");
    }

    @Test
    void isNeverEqualToOtherTypes() {
        Quantity one = Quantity.parse("1");
        assertThat(one.equals(null)).isFalse();
        assertThat(one.equals("1")).isFalse();
        assertThat(one.equals(BigDecimal.ONE)).isFalse();
    }

    @Test
    void comparingTextIsNotComparingQuantities() {
        Quantity desired = Quantity.parse("1000m");
        Quantity actual = Quantity.parse("1");
        // ❌ the misuse the class comment warns about
        assertThat(desired.toString().equals(actual.toString())).isFalse();
        // ✅
        assertThat(desired.equals(actual)).isTrue();
        assertThat(desired.compareTo(actual)).isZero();
    }

    // ---- numeric accessors ---------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"1k, 1000", "100m, 0.1", "1.50, 1.5", "0.000, 0", "-0, 0", "1Ki, 1024", "1e3, 1000", "-2.50e1, -25", "1n, 0.000000001"})
    void toBigDecimalHasNoTrailingZerosAndNoNegativeScale(String text, String expected) {
        assertThat(Quantity.parse(text).toBigDecimal()).isEqualTo(new BigDecimal(expected));
    }

    @ParameterizedTest
    @CsvSource({
        "1k, 1000", "1Gi, 1073741824", "1000m, 1", "-9223372036854775808, -9223372036854775808", "9Ei, 9223372036854775807",
        "0, 0", "-1Ki, -1024", "1e18, 1000000000000000000"
    })
    void toLongReturnsWholeValues(String text, long expected) {
        assertThat(Quantity.parse(text).toLong()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"100m", "1.5", "1n", "-0.5"})
    void toLongRejectsFractions(String text) {
        assertThatExceptionOfType(ArithmeticException.class)
                .isThrownBy(() -> Quantity.parse(text).toLong())
                .withMessage("'" + text + "' is not a whole number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "-9223372036854775809", "1e19", "10E"})
    void toLongRejectsValuesBeyondALong(String text) {
        assertThatExceptionOfType(ArithmeticException.class)
                .isThrownBy(() -> Quantity.parse(text).toLong())
                .withMessage("'" + text + "' does not fit in a long");
    }

    @ParameterizedTest
    @CsvSource({
        "1Ki, BINARY_SI", "1k, DECIMAL_SI", "1, DECIMAL_SI", "1e3, DECIMAL_EXPONENT", "1E, DECIMAL_SI", "1E3, DECIMAL_EXPONENT",
        "0.000000000001Ki, DECIMAL_SI", "0.5Ki, BINARY_SI", "0.0001Ki, DECIMAL_SI", "0Ki, BINARY_SI", "-0.5Ki, BINARY_SI",
        "-0.0001Ki, DECIMAL_SI", "1e-1000, DECIMAL_EXPONENT"
    })
    void formatFollowsTheSuffix(String text, Format format) {
        assertThat(Quantity.parse(text).format()).isEqualTo(format);
    }

    // ---- canonical form ------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
        // from the brief and the type's documentation
        "1000m, 1", "1024Ki, 1Mi", "0.5, 500m", "1.5, 1500m", "1.5Gi, 1536Mi", "0, 0",
        // TestQuantityParseEmit
        "1Ki, 1Ki", "1Mi, 1Mi", "1Gi, 1Gi", "1024Mi, 1Gi", "1000M, 1G", ".001Ki, 1024m", ".000001Ki, 1024u",
        ".000000001Ki, 1024n", ".000000000001Ki, 2n",
        // TestQuantityString's alternates
        "307200Ki, 300Mi", "1025024Mi, 1001Gi", "1024Gi, 1Ti", "5000m, 5", "0.001T, 1G", "1000u, 1m", "1.08, 1080m",
        "1080000000n, 1080m", "1000E, 1e21", "5000E, 5e21", "1000000E, 1e24", ".001e12, 1e9", "0.001e0, 1e-3",
        "1000e-12, 1e-9", "00, 0",
        // TestParseQuantity
        "999999999999999999.1, 999999999999999999100m", "-999999999999999999.0, -999999999999999999",
        "1000000000000000000, 1E", "1.0E, 1E", "1.0000000000000000001E, 1000000000000000000100m",
        "1.000000000000000001E, 1000000000000000001", "10.0E, 10E", "-10000000000000000000000m, -10E",
        "9223372036854775807, 9223372036854775807", "9223372036854775808.1, 9223372036854775808100m",
        "-9223372036854775808000m, -9223372036854775808",
        // exponents keep their format
        "1e3, 1e3", "1E3, 1e3", "1E-3, 1e-3", "1e0, 1", "1.5e3, 1500", "1.3E+6, 1300e3", "80e-3, 80e-3", "1e1000, 10e999",
        "1e-1000, 1e-9", "1.1E-9, 2e-9",
        // decimal SI
        "12E, 12E", "1.01E, 1010P", "0.0005k, 500m", "3.001n, 4n", "0.9n, 1n", "-0, 0", "+1, 1", "1., 1", "100.035k, 100035",
        "10.035M, 10035k", "1234567M, 1234567M", "80m, 80m", "1080u, 1080u", "108e-8, 1080e-9",
        // binary SI
        "0.5Ki, 512", "1023Ki, 1023Ki", "7Ei, 7Ei", "9Ei, 9223372036854775807", "100.035Ki, 102435840m", "0Ki, 0",
        "1.5Ki, 1536", "0.5Mi, 512Ki", "1024Ei, 9223372036854775807", "-1Ki, -1Ki", "-.5Ki, -512"
    })
    void canonicalIsWhatTheApiServerWrites(String text, String canonical) {
        assertThat(Quantity.parse(text).canonical()).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1Ki", "1024Mi", "1000M", ".001Ki", ".000000000001Ki", "1.08", "1000E", ".001e12", "1000e-12",
        "999999999999999999.1", "1.5Gi", "3.001n"})
    void canonicalOfANegativeQuantityIsTheNegatedCanonical(String text) {
        assertThat(Quantity.parse("-" + text).canonical()).isEqualTo("-" + Quantity.parse(text).canonical());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1000m", "1024Ki", "0.5", "1e3", "1E-3", "1.3E+6", "12E", "1000E", "1.5Gi", "0.5Ki", "9Ei", "7Ei", "100.035Ki", "3.001n",
        ".000000000001Ki", "-1.5Gi", "-0", "0Ki", "1e1000", "9.9999999999e1000", "1e-1000", "123456789.123456789123", "1023Ki",
        "9223372036854775808.1", "0.0001Ki", "+10.0E", "1.0000000000000000001E"
    })
    void canonicalParsesBackToAnEqualQuantityAndIsStable(String text) {
        Quantity q = Quantity.parse(text);
        Quantity again = Quantity.parse(q.canonical());
        assertThat(again).isEqualTo(q);
        assertThat(again.canonical()).isEqualTo(q.canonical()).isEqualTo(again.toString());
    }

    // ---- factories -----------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
        // TestQuantityString
        "1073741824, BINARY_SI, 1Gi", "314572800, BINARY_SI, 300Mi", "6144, BINARY_SI, 6Ki", "1074815565824, BINARY_SI, 1001Gi",
        "1099511627776, BINARY_SI, 1Ti", "5, BINARY_SI, 5", "0.5, BINARY_SI, 500m", "1e9, DECIMAL_SI, 1G", "1000e6, DECIMAL_SI, 1G",
        "1e-3, DECIMAL_SI, 1m", "0.08, DECIMAL_SI, 80m", "1.08, DECIMAL_SI, 1080m", "300e6, DECIMAL_SI, 300M", "1e12, DECIMAL_SI, 1T",
        "1e18, DECIMAL_SI, 1E", "1e21, DECIMAL_SI, 1e21", "5e21, DECIMAL_SI, 5e21", "1e24, DECIMAL_SI, 1e24",
        "1234567e6, DECIMAL_SI, 1234567M", "1234.567, BINARY_SI, 1234567m", "3e3, DECIMAL_SI, 3k", "1025, BINARY_SI, 1025",
        "0, DECIMAL_SI, 0", "0, BINARY_SI, 0", "0, DECIMAL_EXPONENT, 0", "1e9, DECIMAL_EXPONENT, 1e9", "1e-3, DECIMAL_EXPONENT, 1e-3",
        "1e-9, DECIMAL_EXPONENT, 1e-9", "80e-3, DECIMAL_EXPONENT, 80e-3", "300e6, DECIMAL_EXPONENT, 300e6",
        "1e12, DECIMAL_EXPONENT, 1e12", "3e3, DECIMAL_EXPONENT, 3e3", "1e-9, DECIMAL_SI, 1n", "80e-9, DECIMAL_SI, 80n",
        "1080e-9, DECIMAL_SI, 1080n", "10800e-10, DECIMAL_SI, 1080n", "1e-6, DECIMAL_SI, 1u", "80e-6, DECIMAL_SI, 80u",
        "1080e-6, DECIMAL_SI, 1080u",
        // TestNewSet
        "1000, DECIMAL_SI, 1k", "1234000, DECIMAL_SI, 1234k", "1000000, DECIMAL_EXPONENT, 1e6",
        // negatives
        "-1073741824, BINARY_SI, -1Gi", "-0.5, DECIMAL_SI, -500m", "-1e21, DECIMAL_SI, -1e21"
    })
    void ofWritesTheCanonicalForm(BigDecimal value, Format format, String expected) {
        Quantity q = Quantity.of(value, format);
        assertThat(q.toString()).isEqualTo(expected);
        assertThat(q.canonical()).isEqualTo(expected);
        assertThat(q.toBigDecimal()).isEqualByComparingTo(value);
        assertThat(Quantity.parse(expected)).isEqualTo(q);
    }

    @Test
    void ofReportsTheFormatKubernetesInfersFromTheText() {
        assertThat(Quantity.of(BigDecimal.valueOf(1024), Format.BINARY_SI).format()).isEqualTo(Format.BINARY_SI);
        assertThat(Quantity.of(BigDecimal.valueOf(5), Format.BINARY_SI).format()).isEqualTo(Format.DECIMAL_SI);
        assertThat(Quantity.of(BigDecimal.valueOf(1000), Format.DECIMAL_EXPONENT).format()).isEqualTo(Format.DECIMAL_EXPONENT);
    }

    @Test
    void ofRoundsFinerThanANanoAwayFromZero() {
        assertThat(Quantity.of(new BigDecimal("0.0000000001"), Format.DECIMAL_SI).toString()).isEqualTo("1n");
        assertThat(Quantity.of(new BigDecimal("-0.0000000015"), Format.DECIMAL_SI).toString()).isEqualTo("-2n");
        assertThat(Quantity.of(new BigDecimal("1.0000000001"), Format.DECIMAL_EXPONENT).toString()).isEqualTo("1000000001e-9");
    }

    @Test
    void ofHandlesExtremeScalesWithoutExpandingThem() {
        assertThat(Quantity.of(new BigDecimal(BigInteger.ONE, Integer.MAX_VALUE), Format.DECIMAL_SI).toString()).isEqualTo("1n");
        assertThat(Quantity.of(new BigDecimal(BigInteger.ONE.negate(), Integer.MAX_VALUE), Format.BINARY_SI).toString()).isEqualTo("-1n");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Quantity.of(new BigDecimal(BigInteger.ONE, Integer.MIN_VALUE + 1), Format.DECIMAL_SI))
                .withMessageContaining("out of range");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Quantity.of(BigDecimal.TEN.pow(1001), Format.DECIMAL_EXPONENT))
                .withMessageContaining("out of range");
    }

    @Test
    void ofKeepsBinaryValuesBeyondTheLongRangeExactByWritingThemInDecimal() {
        BigDecimal twoToThe63 = new BigDecimal(BigInteger.ONE.shiftLeft(63));
        Quantity q = Quantity.of(twoToThe63, Format.BINARY_SI);
        assertThat(q.toString()).isEqualTo("9223372036854775808");
        assertThat(q.toBigDecimal()).isEqualByComparingTo(twoToThe63);
        assertThat(q.format()).isEqualTo(Format.DECIMAL_SI);
    }

    @Test
    void ofRejectsNulls() {
        assertThatNullPointerException().isThrownBy(() -> Quantity.of(null, Format.DECIMAL_SI));
        assertThatNullPointerException().isThrownBy(() -> Quantity.of(BigDecimal.ONE, null));
    }

    @ParameterizedTest
    @CsvSource({
        "1, 1m", "1000, 1", "1234000, 1234", "1500, 1500m", "0, 0", "-250, -250m", "1000000, 1k",
        "9223372036854775807, 9223372036854775807m"
    })
    void ofMillisWritesDecimalSi(long millis, String expected) {
        Quantity q = Quantity.ofMillis(millis);
        assertThat(q.toString()).isEqualTo(expected);
        assertThat(q.toBigDecimal()).isEqualByComparingTo(BigDecimal.valueOf(millis, 3));
    }

    @ParameterizedTest
    @CsvSource({
        "1048576, 1Mi", "1024, 1Ki", "2048, 2Ki", "1073741824, 1Gi", "1152921504606846976, 1Ei", "-1024, -1Ki",
        "1536, 1536", "2000, 2000", "1023, 1023", "1000, 1k", "1, 1", "0, 0",
        "9223372036854775807, 9223372036854775807", "-9223372036854775808, -9223372036854775808"
    })
    void ofBytesWritesBinarySiWhereItIsExact(long bytes, String expected) {
        Quantity q = Quantity.ofBytes(bytes);
        assertThat(q.toString()).isEqualTo(expected);
        assertThat(q.toLong()).isEqualTo(bytes);
    }

    // ---- JSON ----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"100m", "1000m", "1.", "1Gi", "+1", "1E3", "0.50000", "3.001n"})
    void jsonStringIsReadAndWrittenBackUnchanged(String text) {
        String json = "{\"q\":\"" + text + "\"}";
        Holder holder = JSON.readValue(json, Holder.class);
        assertThat(holder.q()).isEqualTo(Quantity.parse(text));
        assertThat(holder.q().toString()).isEqualTo(text);
        assertThat(JSON.writeValueAsString(holder)).isEqualTo(json);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"q\": 2}        | 2", "{\"q\": \"2\"}  | 2", "{\"q\": 2.5}     | 2500m", "{\"q\": -1}       | -1",
        "{\"q\": 1e3}      | 1k", "{\"q\": 0.0000000001} | 1n", "{\"q\": 12345678901234567890.5} | 12345678901234567890500m"
    })
    void jsonNumbersAndStringsBothDecode(String json, String expected) {
        Quantity q = JSON.readValue(json, Holder.class).q();
        assertThat(q).isEqualTo(Quantity.parse(expected));
    }

    @Test
    void jsonNumberIsWrittenBackAsAString() {
        Holder holder = JSON.readValue("{\"q\": 2}", Holder.class);
        assertThat(JSON.writeValueAsString(holder)).isEqualTo("{\"q\":\"2\"}");
        assertThat(JSON.readValue("{\"q\": 1e3}", Holder.class).q().format()).isEqualTo(Format.DECIMAL_EXPONENT);
    }

    @Test
    void jsonMapOfQuantitiesRoundTripsUnchanged() {
        String json = "{\"cpu\":\"500m\",\"memory\":\"128Mi\",\"ephemeral-storage\":\"1.5G\"}";
        Map<String, Quantity> limits = JSON.readValue(json, new TypeReference<Map<String, Quantity>>() {});
        assertThat(limits.get("cpu")).isEqualTo(Quantity.ofMillis(500));
        assertThat(JSON.writeValueAsString(limits)).isEqualTo(json);
    }

    @Test
    void jsonNullIsNull() {
        assertThat(JSON.readValue("{\"q\":null}", Holder.class).q()).isNull();
    }

    @Test
    void jsonToleratesWhitespaceAroundTheQuantityAndKeepsIt() {
        Holder holder = JSON.readValue("{\"q\":\" 1Ki \"}", Holder.class);
        assertThat(holder.q()).isEqualTo(Quantity.parse("1024"));
        assertThat(holder.q().format()).isEqualTo(Format.BINARY_SI);
        assertThat(holder.q().canonical()).isEqualTo("1Ki");
        assertThat(JSON.writeValueAsString(holder)).isEqualTo("{\"q\":\" 1Ki \"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"q\":\"12x\"}", "{\"q\":\"\"}", "{\"q\":\"1e1001\"}", "{\"q\":true}", "{\"q\":1e1001}", "{\"q\":[1]}"})
    void invalidJsonQuantityFailsToDecode(String json) {
        assertThatThrownBy(() -> JSON.readValue(json, Holder.class)).isInstanceOf(DatabindException.class);
    }

    @Test
    void invalidJsonQuantityReportsTheParseMessage() {
        assertThatThrownBy(() -> JSON.readValue("{\"q\":\"12x\"}", Holder.class))
                .isInstanceOf(DatabindException.class)
                .hasMessageContaining("'12x'" + GRAMMAR)
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void factoryMadeQuantitiesAreWrittenInCanonicalForm() {
        assertThat(JSON.writeValueAsString(List.of(Quantity.ofBytes(1 << 20), Quantity.ofMillis(250))))
                .isEqualTo("[\"1Mi\",\"250m\"]");
    }
}
