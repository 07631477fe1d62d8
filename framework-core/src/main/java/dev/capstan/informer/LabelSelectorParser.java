package dev.capstan.informer;

import dev.capstan.informer.LabelSelectorMatcher.Operator;
import dev.capstan.informer.LabelSelectorMatcher.Requirement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses kubectl label selectors ({@link LabelMatcher#parse}) and validates label keys and values
 * as Kubernetes does.
 *
 * <h2>Grammar</h2>
 * <pre>
 * selector    := "" | requirement ("," requirement)*
 * requirement := "!" key | key | key ("=" | "==" | "!=" | "&gt;" | "&lt;") value? | key ("in" | "notin") "(" list ")"
 * list        := value? ("," value?)*        (an empty element is the empty value)
 * key, value  := a run of characters other than whitespace and = ! ( ) , &lt; &gt;
 * </pre>
 * Whitespace (space, tab, CR, LF) separates tokens and is otherwise ignored. Two-character
 * operators are read greedily ({@code ==}, {@code !=}). {@code in} and {@code notin} are
 * operators only in operator position. {@code >} and {@code <} need a decimal integer.
 *
 * <p>Not thread-safe; one instance parses one string.
 */
final class LabelSelectorParser {

    private static final int MAX_NAME = 63;
    private static final int MAX_PREFIX = 253;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final String NAME_RULE =
            "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    private enum Kind { IDENTIFIER, NOT, EQUALS, DOUBLE_EQUALS, NOT_EQUALS, GREATER, LESS, OPEN, CLOSE, COMMA, END }

    private record Token(Kind kind, String text, int start) {
        String describe() {
            return kind == Kind.END ? "end of string" : "'" + text + "'";
        }
    }

    private final String input;
    private int position;
    private @Nullable Token peeked;

    private LabelSelectorParser(String input) {
        this.input = input;
    }

    static LabelMatcher parse(String selector) {
        return LabelSelectorMatcher.of(new LabelSelectorParser(selector).selector());
    }

    // ---------------------------------------------------------------- grammar

    private List<Requirement> selector() {
        List<Requirement> requirements = new ArrayList<>();
        Token token = peek();
        if (token.kind == Kind.END) {
            return requirements;
        }
        if (!startsRequirement(token)) {
            throw error(token, "'!', an identifier or end of string");
        }
        while (true) {
            requirements.add(requirement());
            token = next();
            if (token.kind == Kind.END) {
                return requirements;
            }
            if (token.kind != Kind.COMMA) {
                throw error(token, "',' or end of string");
            }
            Token after = peek();
            if (!startsRequirement(after)) {
                throw error(after, "'!' or an identifier after ','");
            }
        }
    }

    private Requirement requirement() {
        Token token = next();
        boolean absent = token.kind == Kind.NOT;
        if (absent) {
            token = next();
        }
        if (token.kind != Kind.IDENTIFIER) {
            throw error(token, "an identifier");
        }
        String key = token.text;
        String problem = keyProblem(key);
        if (problem != null) {
            throw invalid(token.start, "invalid label key \"" + key + "\": " + problem);
        }
        if (absent) {
            return Requirement.create(key, Operator.DOES_NOT_EXIST, List.of());
        }
        Token lookahead = peek();
        if (lookahead.kind == Kind.END || lookahead.kind == Kind.COMMA) {
            return Requirement.create(key, Operator.EXISTS, List.of());
        }
        Token operatorToken = next();
        Operator operator = switch (operatorToken.kind) {
            case EQUALS, DOUBLE_EQUALS -> Operator.EQUALS;
            case NOT_EQUALS -> Operator.NOT_EQUALS;
            case GREATER -> Operator.GREATER_THAN;
            case LESS -> Operator.LESS_THAN;
            case IDENTIFIER -> switch (operatorToken.text) {
                case "in" -> Operator.IN;
                case "notin" -> Operator.NOT_IN;
                default -> null;
            };
            default -> null;
        };
        if (operator == null) {
            throw error(operatorToken, "one of =, ==, !=, in, notin, >, <");
        }
        List<Token> values = operator.takesValueSet() ? valueList() : List.of(exactValue());
        List<String> texts = new ArrayList<>(values.size());
        for (Token value : values) {
            String valueProblem = valueProblem(value.text);
            if (valueProblem != null) {
                throw invalid(value.start, "invalid label value \"" + value.text + "\" for key \"" + key + "\": " + valueProblem);
            }
            if ((operator == Operator.GREATER_THAN || operator == Operator.LESS_THAN) && Requirement.parseDecimal(value.text) == null) {
                throw invalid(value.start, "the value of '" + operatorToken.text + "' must be an integer, found "
                        + (value.text.isEmpty() ? "nothing" : "\"" + value.text + "\""));
            }
            texts.add(value.text);
        }
        return Requirement.create(key, operator, texts);
    }

    /** The value after {@code =}, {@code ==}, {@code !=}, {@code >}, {@code <}: empty before ',' or the end. */
    private Token exactValue() {
        Token token = peek();
        if (token.kind == Kind.END || token.kind == Kind.COMMA) {
            return new Token(Kind.IDENTIFIER, "", token.start);
        }
        next();
        if (token.kind != Kind.IDENTIFIER) {
            throw error(token, "a value");
        }
        return token;
    }

    /** {@code ( v1, v2, … )}; an empty element is the empty value, so {@code ()} is {@code {""}}. */
    private List<Token> valueList() {
        Token open = next();
        if (open.kind != Kind.OPEN) {
            throw error(open, "'('");
        }
        List<Token> values = new ArrayList<>();
        while (true) {
            Token token = peek();
            boolean empty = token.kind != Kind.IDENTIFIER;
            if (empty) {
                values.add(new Token(Kind.IDENTIFIER, "", token.start));
            } else {
                values.add(next());
            }
            Token separator = next();
            if (separator.kind == Kind.CLOSE) {
                return values;
            }
            if (separator.kind != Kind.COMMA) {
                throw error(separator, empty ? "a value, ',' or ')'" : "',' or ')'");
            }
        }
    }

    private static boolean startsRequirement(Token token) {
        return token.kind == Kind.IDENTIFIER || token.kind == Kind.NOT;
    }

    // ---------------------------------------------------------------- lexer

    private Token peek() {
        if (peeked == null) {
            peeked = scan();
        }
        return peeked;
    }

    private Token next() {
        Token token = peek();
        peeked = null;
        return token;
    }

    private Token scan() {
        while (position < input.length() && isWhitespace(input.charAt(position))) {
            position++;
        }
        int start = position;
        if (position == input.length()) {
            return new Token(Kind.END, "", start);
        }
        char c = input.charAt(position);
        char following = position + 1 < input.length() ? input.charAt(position + 1) : 0;
        switch (c) {
            case '=':
                return following == '=' ? symbol(Kind.DOUBLE_EQUALS, 2) : symbol(Kind.EQUALS, 1);
            case '!':
                return following == '=' ? symbol(Kind.NOT_EQUALS, 2) : symbol(Kind.NOT, 1);
            case '>': return symbol(Kind.GREATER, 1);
            case '<': return symbol(Kind.LESS, 1);
            case '(': return symbol(Kind.OPEN, 1);
            case ')': return symbol(Kind.CLOSE, 1);
            case ',': return symbol(Kind.COMMA, 1);
            default:
                while (position < input.length() && !isWhitespace(input.charAt(position)) && !isSymbol(input.charAt(position))) {
                    position++;
                }
                return new Token(Kind.IDENTIFIER, input.substring(start, position), start);
        }
    }

    private Token symbol(Kind kind, int length) {
        int start = position;
        position += length;
        return new Token(kind, input.substring(start, position), start);
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isSymbol(char c) {
        return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '<' || c == '>';
    }

    private IllegalArgumentException error(Token found, String expected) {
        return invalid(found.start, "found " + found.describe() + ", expected " + expected);
    }

    private IllegalArgumentException invalid(int index, String detail) {
        return new IllegalArgumentException("invalid label selector \"" + input + "\" at index " + index + ": " + detail);
    }

    // ---------------------------------------------------------------- validation

    /** Why {@code key} is not a valid label key (a qualified name), or null when it is. */
    static @Nullable String keyProblem(String key) {
        int slash = key.indexOf('/');
        String name = key;
        if (slash >= 0) {
            if (key.indexOf('/', slash + 1) >= 0) {
                return "a qualified name " + NAME_RULE + ", with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
            }
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty()) {
                return "prefix part must be non-empty";
            }
            if (prefix.length() > MAX_PREFIX) {
                return "prefix part must be no more than " + MAX_PREFIX + " characters";
            }
            if (!DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return "prefix part must be a lowercase RFC 1123 subdomain: lower case alphanumeric characters, '-' or '.', "
                        + "starting and ending with an alphanumeric character";
            }
        }
        if (name.isEmpty()) {
            return "name part must be non-empty";
        }
        if (name.length() > MAX_NAME) {
            return "name part must be no more than " + MAX_NAME + " characters";
        }
        if (!NAME.matcher(name).matches()) {
            return "name part " + NAME_RULE;
        }
        return null;
    }

    /** Why {@code value} is not a valid label value, or null when it is. */
    static @Nullable String valueProblem(String value) {
        if (value.isEmpty()) {
            return null;
        }
        if (value.length() > MAX_NAME) {
            return "must be no more than " + MAX_NAME + " characters";
        }
        if (!NAME.matcher(value).matches()) {
            return "a label value must be empty or " + NAME_RULE.replaceFirst("must ", "");
        }
        return null;
    }
}
