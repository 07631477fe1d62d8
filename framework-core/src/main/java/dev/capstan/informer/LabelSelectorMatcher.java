package dev.capstan.informer;

import dev.capstan.api.meta.v1.LabelSelector;
import dev.capstan.api.meta.v1.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The {@link LabelMatcher} of a parsed selector or a {@code metav1.LabelSelector}: a list of
 * {@link Requirement}s, all of which must hold. Immutable.
 */
final class LabelSelectorMatcher implements LabelMatcher {

    static final LabelSelectorMatcher EVERYTHING = new LabelSelectorMatcher(List.of(), false);
    static final LabelSelectorMatcher NOTHING = new LabelSelectorMatcher(List.of(), true);

    /** Sorted by key, stable. */
    private final List<Requirement> requirements;
    /** True only for {@link #NOTHING}. */
    private final boolean matchesNothing;
    private final String canonical;

    private LabelSelectorMatcher(List<Requirement> requirements, boolean matchesNothing) {
        this.requirements = requirements;
        this.matchesNothing = matchesNothing;
        StringBuilder text = new StringBuilder();
        for (Requirement requirement : requirements) {
            if (!text.isEmpty()) {
                text.append(',');
            }
            requirement.appendTo(text);
        }
        this.canonical = matchesNothing ? "<nothing>" : text.toString();
    }

    /** The matcher of {@code requirements} in any order; {@link #EVERYTHING} when there are none. */
    static LabelSelectorMatcher of(List<Requirement> requirements) {
        if (requirements.isEmpty()) {
            return EVERYTHING;
        }
        List<Requirement> sorted = new ArrayList<>(requirements);
        sorted.sort(Comparator.comparing(Requirement::key)); // List.sort is stable
        return new LabelSelectorMatcher(List.copyOf(sorted), false);
    }

    /** See {@link LabelMatcher#of(LabelSelector)}. */
    static LabelMatcher of(@Nullable LabelSelector selector) {
        if (selector == null) {
            return NOTHING;
        }
        Map<String, String> matchLabels = selector.matchLabels() == null ? Map.of() : selector.matchLabels();
        List<LabelSelectorRequirement> expressions = selector.matchExpressions() == null ? List.of() : selector.matchExpressions();
        List<Requirement> requirements = new ArrayList<>(matchLabels.size() + expressions.size());
        matchLabels.forEach((key, value) -> {
            String field = "matchLabels[" + quote(key) + "]";
            requirements.add(Requirement.create(checkKey(key, field), Operator.EQUALS, List.of(checkValue(value, field))));
        });
        for (int i = 0; i < expressions.size(); i++) {
            LabelSelectorRequirement expression = expressions.get(i);
            String field = "matchExpressions[" + i + "]";
            if (expression == null) {
                throw invalid(field + " is null");
            }
            String key = checkKey(expression.key(), field + ".key");
            Operator operator = Operator.ofModel(expression.operator(), field + ".operator");
            List<String> values = expression.values() == null ? List.of() : expression.values();
            if (operator.takesValueSet() && values.isEmpty()) {
                throw invalid(field + ".values: operator " + expression.operator() + " requires at least one value");
            }
            if (!operator.takesValueSet() && !values.isEmpty()) {
                throw invalid(field + ".values: operator " + expression.operator() + " takes no values, found " + values);
            }
            for (int v = 0; v < values.size(); v++) {
                checkValue(values.get(v), field + ".values[" + v + "]");
            }
            requirements.add(Requirement.create(key, operator, values));
        }
        return of(requirements);
    }

    @Override
    public boolean test(@Nullable Map<String, String> labels) {
        if (matchesNothing) {
            return false;
        }
        Map<String, String> set = labels == null ? Map.of() : labels;
        for (Requirement requirement : requirements) {
            if (!requirement.matches(set)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof LabelSelectorMatcher other && matchesNothing == other.matchesNothing && canonical.equals(other.canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }

    @Override
    public String toString() {
        return canonical;
    }

    private static String checkKey(@Nullable String key, String field) {
        String problem = key == null ? "is missing" : LabelSelectorParser.keyProblem(key);
        if (problem != null) {
            throw invalid(field + ": invalid label key " + quote(key) + ": " + problem);
        }
        return key;
    }

    private static String checkValue(@Nullable String value, String field) {
        String problem = value == null ? "is missing" : LabelSelectorParser.valueProblem(value);
        if (problem != null) {
            throw invalid(field + ": invalid label value " + quote(value) + ": " + problem);
        }
        return value;
    }

    private static IllegalArgumentException invalid(String detail) {
        return new IllegalArgumentException("invalid label selector: " + detail);
    }

    private static String quote(@Nullable String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    /** A selector operator. */
    enum Operator {
        EQUALS("="), NOT_EQUALS("!="), IN(" in "), NOT_IN(" notin "), EXISTS(""), DOES_NOT_EXIST("!"),
        GREATER_THAN(">"), LESS_THAN("<");

        /** How the operator is written in the canonical form. */
        final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        boolean takesValueSet() {
            return this == IN || this == NOT_IN;
        }

        static Operator ofModel(@Nullable String name, String field) {
            if (name != null) {
                switch (name) {
                    case "In": return IN;
                    case "NotIn": return NOT_IN;
                    case "Exists": return EXISTS;
                    case "DoesNotExist": return DOES_NOT_EXIST;
                    default: break;
                }
            }
            throw invalid(field + ": " + quote(name) + " is not a label selector operator (In, NotIn, Exists, DoesNotExist)");
        }
    }

    /**
     * One requirement: {@code key}, {@code operator} and its values (sorted and distinct for the
     * set operators; exactly one for {@code =}, {@code !=}, {@code >}, {@code <}; none for
     * {@code exists} and {@code !}). Keys and values are validated by whoever creates it.
     */
    record Requirement(String key, Operator operator, List<String> values, Set<String> valueSet, long number) {

        static Requirement create(String key, Operator operator, Collection<String> values) {
            TreeSet<String> sorted = new TreeSet<>(values);
            long number = 0;
            if (operator == Operator.GREATER_THAN || operator == Operator.LESS_THAN) {
                Long parsed = parseDecimal(sorted.first());
                if (parsed == null) {
                    throw new IllegalArgumentException("not an integer: " + sorted.first()); // the parser checks first
                }
                number = parsed;
            }
            return new Requirement(key, operator, List.copyOf(sorted), Set.copyOf(sorted), number);
        }

        boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            switch (operator) {
                case EXISTS: return value != null;
                case DOES_NOT_EXIST: return value == null;
                case EQUALS:
                case IN: return value != null && valueSet.contains(value);
                case NOT_EQUALS:
                case NOT_IN: return value == null || !valueSet.contains(value);
                case GREATER_THAN:
                case LESS_THAN: {
                    Long actual = value == null ? null : parseDecimal(value);
                    return actual != null && (operator == Operator.GREATER_THAN ? actual > number : actual < number);
                }
                default: throw new AssertionError(operator);
            }
        }

        void appendTo(StringBuilder out) {
            if (operator == Operator.DOES_NOT_EXIST) {
                out.append('!').append(key);
                return;
            }
            out.append(key).append(operator.symbol);
            if (operator.takesValueSet()) {
                out.append('(').append(String.join(",", values)).append(')');
            } else if (!values.isEmpty()) {
                out.append(values.get(0));
            }
        }

        /** A base-10 {@code long} in ASCII digits with an optional sign (Go's {@code ParseInt(s, 10, 64)}), or null. */
        static @Nullable Long parseDecimal(String s) {
            int start = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
            if (start == s.length()) {
                return null;
            }
            for (int i = start; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
            }
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException overflow) {
                return null;
            }
        }
    }
}
