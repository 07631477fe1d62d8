package dev.capstan.api.internal;

import java.math.BigDecimal;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/**
 * Writes {@code Double} values the way Go's encoding/json writes {@code float64}: integral
 * values without a fraction ({@code 1}, not {@code 1.0}), others in their shortest form, so
 * that a schema's {@code minimum: 1} read from the server is written back unchanged.
 */
public final class GoNumbers extends ValueSerializer<Double> {
    /** 2^53: beyond it not every integer is exactly representable. */
    private static final double EXACT_LIMIT = 9_007_199_254_740_992d;

    @Override
    public void serialize(Double value, JsonGenerator gen, SerializationContext ctxt) {
        double d = value;
        if (d == Math.rint(d) && Math.abs(d) < EXACT_LIMIT && !(d == 0 && 1 / d < 0)) {
            gen.writeNumber((long) d);
        } else if (Double.isFinite(d) && Math.abs(d) >= 1e-6 && Math.abs(d) < 1e21) {
            gen.writeNumber(BigDecimal.valueOf(d).stripTrailingZeros().toPlainString());
        } else {
            gen.writeNumber(d);
        }
    }
}
