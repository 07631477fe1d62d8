package dev.capstan.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * A value that is either an integer or a string, as Kubernetes' {@code IntOrString} (ports
 * named or numbered, {@code maxSurge: 25%} or {@code maxSurge: 1}). It is written back in the
 * form it was read: {@code 1} stays a JSON number, {@code "1"} stays a string.
 */
public final class IntOrString {
    private final int intValue;
    private final String stringValue;

    private IntOrString(int intValue, String stringValue) {
        this.intValue = intValue;
        this.stringValue = stringValue;
    }

    public static IntOrString of(int value) {
        return new IntOrString(value, null);
    }

    public static IntOrString of(String value) {
        return new IntOrString(0, Objects.requireNonNull(value, "value"));
    }

    @JsonCreator
    static IntOrString fromJson(Object value) {
        if (value instanceof Integer i) {
            return of(i);
        }
        if (value instanceof String s) {
            return of(s);
        }
        if (value instanceof Number n && n.doubleValue() == n.intValue()) {
            return of(n.intValue());
        }
        throw new IllegalArgumentException("'" + value + "' is not an int-or-string: expected a 32-bit integer or a string");
    }

    @JsonValue
    Object toJson() {
        return stringValue != null ? stringValue : (Object) intValue;
    }

    public boolean isInt() {
        return stringValue == null;
    }

    /** The integer; throws {@link IllegalStateException} when this holds a string. */
    public int intValue() {
        if (stringValue != null) {
            throw new IllegalStateException("IntOrString holds the string '" + stringValue + "', not an integer");
        }
        return intValue;
    }

    /** The string; throws {@link IllegalStateException} when this holds an integer. */
    public String stringValue() {
        if (stringValue == null) {
            throw new IllegalStateException("IntOrString holds the integer " + intValue + ", not a string");
        }
        return stringValue;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IntOrString that && intValue == that.intValue && Objects.equals(stringValue, that.stringValue);
    }

    @Override
    public int hashCode() {
        return stringValue != null ? stringValue.hashCode() : Integer.hashCode(intValue);
    }

    @Override
    public String toString() {
        return stringValue != null ? stringValue : Integer.toString(intValue);
    }
}
