package dev.capstan.informer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.core.v1.Pod;
import dev.capstan.api.meta.v1.LabelSelector;
import dev.capstan.api.meta.v1.LabelSelectorRequirement;
import dev.capstan.api.meta.v1.ObjectMeta;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LabelMatcherTest {

    /** Labels written {@code k=v;k2=v2}; {@code -} for none. */
    private static Map<String, String> labels(String spec) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (!spec.equals("-")) {
            for (String pair : spec.split(";")) {
                int eq = pair.indexOf('=');
                labels.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return labels;
    }

    // ---------------------------------------------------------------- matching

    @ParameterizedTest(name = "[{0}] on {1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "app=web           | app=web               | true",
            "app=web           | app=api               | false",
            "app=web           | -                     | false",
            "app==web          | app=web               | true",
            "app==web          | app=webby             | false",
            "app!=web          | app=api               | true",
            "app!=web          | app=web               | false",
            "app!=web          | -                     | true",
            "app in (web,api)  | app=api               | true",
            "app in (web,api)  | app=db                | false",
            "app in (web,api)  | tier=web              | false",
            "app notin (web,api) | app=db              | true",
            "app notin (web,api) | app=web             | false",
            "app notin (web,api) | -                   | true",
            "app               | app=anything          | true",
            "app               | app=                  | true",
            "app               | tier=web              | false",
            "!app              | tier=web              | true",
            "!app              | app=                  | false",
            "replicas>2        | replicas=3            | true",
            "replicas>2        | replicas=2            | false",
            "replicas>2        | replicas=x            | false",
            "replicas>2        | -                     | false",
            "replicas<10       | replicas=9            | true",
            "replicas<10       | replicas=10           | false",
            "replicas<10       | replicas=0010x        | false",
            "replicas>0        | replicas=99999999999999999999 | false",
            "app=              | app=                  | true",
            "app=              | app=web               | false",
            "app=              | -                     | false",
            "app in ()         | app=                  | true",
            "app in ()         | app=web               | false",
            "app in (,web)     | app=                  | true",
            "app in (web,)     | app=web               | true",
            "'app=web,tier in (front,edge),!canary' | app=web;tier=edge | true",
            "'app=web,tier in (front,edge),!canary' | app=web;tier=edge;canary=true | false",
            "'app=web,tier in (front,edge),!canary' | app=web;tier=back | false",
            "'app=web,app!=web' | app=web              | false",
            "app.kubernetes.io/name=web | app.kubernetes.io/name=web | true",
            "in=notin          | in=notin              | true",
            "a in (in,notin)   | a=notin               | true",
    })
    void aSelectorMatchesAsKubernetesDoes(String selector, String labels, boolean expected) {
        assertThat(LabelMatcher.parse(selector).test(labels(labels))).isEqualTo(expected);
    }

    @Test
    void theEmptySelectorMatchesEveryLabelSetAndIsEverything() {
        for (String blank : List.of("", "   ", " \t\r\n ")) {
            LabelMatcher matcher = LabelMatcher.parse(blank);
            assertThat(matcher).isSameAs(LabelMatcher.everything());
            assertThat(matcher.test(Map.of())).isTrue();
            assertThat(matcher.test(Map.of("a", "b"))).isTrue();
            assertThat(matcher.test(null)).isTrue();
            assertThat(matcher).hasToString("");
        }
    }

    @Test
    void nothingMatchesNoLabelSetNotEvenTheEmptyOne() {
        LabelMatcher nothing = LabelMatcher.nothing();

        assertThat(nothing.test(Map.of())).isFalse();
        assertThat(nothing.test(null)).isFalse();
        assertThat(nothing.test(Map.of("a", "b"))).isFalse();
        assertThat(nothing).hasToString("<nothing>").isNotEqualTo(LabelMatcher.everything());
        assertThatThrownBy(() -> LabelMatcher.parse(nothing.toString())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullLabelsAreTheEmptyLabelSet() {
        assertThat(LabelMatcher.parse("!app").test(null)).isTrue();
        assertThat(LabelMatcher.parse("app!=web").test(null)).isTrue();
        assertThat(LabelMatcher.parse("app").test(null)).isFalse();
        assertThat(LabelMatcher.parse("app in (web)").test(null)).isFalse();
    }

    @Test
    void aKeyMappedToNullCountsAsAbsent() {
        Map<String, String> labels = new HashMap<>();
        labels.put("app", null);

        assertThat(LabelMatcher.parse("app").test(labels)).isFalse();
        assertThat(LabelMatcher.parse("!app").test(labels)).isTrue();
        assertThat(LabelMatcher.parse("app!=web").test(labels)).isTrue();
    }

    @Test
    void whitespaceAroundTokensIsIgnored() {
        LabelMatcher spaced = LabelMatcher.parse("  app =  web ,\ttier  in  ( front ,  edge )  , !  canary , x  != y, n  > 3 ");

        assertThat(spaced).isEqualTo(LabelMatcher.parse("app=web,tier in (front,edge),!canary,x!=y,n>3"));
        assertThat(spaced.test(labels("app=web;tier=front;n=4"))).isTrue();
    }

    @Test
    void matchesReadsTheObjectsLabelsAndTreatsMissingMetadataAsNoLabels() {
        Pod labelled = Pod.builder().metadata(ObjectMeta.builder().name("p").labels(Map.of("app", "web")).build()).build();
        Pod unlabelled = Pod.builder().metadata(ObjectMeta.builder().name("p").build()).build();
        Pod noMetadata = Pod.builder().build();

        assertThat(LabelMatcher.parse("app=web").matches(labelled)).isTrue();
        assertThat(LabelMatcher.parse("app=web").matches(unlabelled)).isFalse();
        assertThat(LabelMatcher.parse("!app").matches(unlabelled)).isTrue();
        assertThat(LabelMatcher.parse("!app").matches(noMetadata)).isTrue();
        assertThat(LabelMatcher.everything().matches(noMetadata)).isTrue();
    }

    // ---------------------------------------------------------------- canonical form

    @ParameterizedTest(name = "[{0}] prints as [{1}]")
    @CsvSource(delimiter = '|', value = {
            "app=web                              | app=web",
            "app==web                             | app=web",
            "app!=web                             | app!=web",
            "'tier in (front,edge), app=web, !canary' | 'app=web,!canary,tier in (edge,front)'",
            "'a notin (z,y,y,x)'                  | 'a notin (x,y,z)'",
            "a                                    | a",
            "'a>1,a<5'                            | 'a>1,a<5'",
            "'b=2,a=1,b=1'                        | 'a=1,b=2,b=1'",
            "a=                                   | a=",
            "'a in ()'                            | 'a in ()'",
            "'a in (x,,y)'                        | 'a in (,x,y)'",
    })
    void toStringIsTheCanonicalSelector(String selector, String canonical) {
        LabelMatcher matcher = LabelMatcher.parse(selector);

        assertThat(matcher).hasToString(canonical);
        assertThat(LabelMatcher.parse(matcher.toString())).isEqualTo(matcher).hasSameHashCodeAs(matcher);
    }

    @Test
    void theJavadocExampleHolds() {
        LabelMatcher frontends = LabelMatcher.parse("app=web, tier in (frontend,edge), !canary");

        assertThat(frontends.test(Map.of("app", "web", "tier", "edge"))).isTrue();
        assertThat(frontends).hasToString("app=web,!canary,tier in (edge,frontend)");
    }

    @Test
    void matchersWithDifferentRequirementsAreNotEqual() {
        assertThat(LabelMatcher.parse("a=b")).isNotEqualTo(LabelMatcher.parse("a!=b"));
        assertThat(LabelMatcher.parse("a in (b)")).isNotEqualTo(LabelMatcher.parse("a=b"));
    }

    // ---------------------------------------------------------------- syntax errors

    @ParameterizedTest(name = "[{0}] fails at index {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "a=b,          | 4 | found end of string, expected '!' or an identifier after ','",
            ",a            | 0 | found ',', expected '!', an identifier or end of string",
            "=b            | 0 | found '=', expected '!', an identifier or end of string",
            "a b           | 2 | found 'b', expected one of =, ==, !=, in, notin, >, <",
            "a=b c         | 4 | found 'c', expected ',' or end of string",
            "a in x        | 5 | found 'x', expected '('",
            "a in (x       | 7 | found end of string, expected ',' or ')'",
            "a in (x y)    | 8 | found 'y', expected ',' or ')'",
            "a in (=)      | 6 | found '=', expected a value, ',' or ')'",
            "a=(b)         | 2 | found '(', expected a value",
            "a!b           | 1 | found '!', expected one of =, ==, !=, in, notin, >, <",
            "!a=b          | 2 | found '=', expected ',' or end of string",
            "!!a           | 1 | found '!', expected an identifier",
            "a==b==c       | 4 | found '==', expected ',' or end of string",
            "a>=1          | 2 | found '=', expected a value",
            "a>x           | 2 | the value of '>' must be an integer, found \"x\"",
            "a<            | 2 | the value of '<' must be an integer, found nothing",
            "a,,b          | 2 | found ',', expected '!' or an identifier after ','",
            "a in (x),     | 9 | found end of string, expected '!' or an identifier after ','",
    })
    void aMalformedSelectorIsRejectedNamingTheIndexAndToken(String selector, int index, String detail) {
        assertThatThrownBy(() -> LabelMatcher.parse(selector))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid label selector \"" + selector + "\" at index " + index + ": " + detail);
    }

    @ParameterizedTest(name = "key [{0}]")
    @ValueSource(strings = {
            "-app", "app-", "a/b/c", "/app", "Example.com/app", "example.com/", "exa_mple.com/app", "ap*p",
            "x23456789012345678901234567890123456789012345678901234567890abcd", // 64 characters
    })
    void anInvalidLabelKeyIsRejectedNamingIt(String key) {
        String selector = key + "=v";
        assertThatThrownBy(() -> LabelMatcher.parse(selector))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid label selector \"" + selector + "\" at index 0: invalid label key \"" + key + "\": ");
        assertThatThrownBy(() -> LabelMatcher.parse("!" + key)).hasMessageContaining("at index 1: invalid label key");
    }

    @Test
    void labelKeysFollowTheQualifiedNameRules() {
        String name63 = "a".repeat(63);
        String prefix253 = ("a".repeat(49) + ".").repeat(5) + "abc"; // 253 characters

        assertThat(LabelMatcher.parse(name63 + "=v")).hasToString(name63 + "=v");
        assertThat(LabelMatcher.parse(prefix253 + "/" + name63)).isNotNull();
        assertThat(LabelMatcher.parse("Upper.Case_and-dash9")).isNotNull();
        assertThatThrownBy(() -> LabelMatcher.parse(name63 + "a"))
                .hasMessageContaining("name part must be no more than 63 characters");
        assertThatThrownBy(() -> LabelMatcher.parse("a" + prefix253 + "/x"))
                .hasMessageContaining("prefix part must be no more than 253 characters");
        assertThatThrownBy(() -> LabelMatcher.parse("/x")).hasMessageContaining("prefix part must be non-empty");
        assertThatThrownBy(() -> LabelMatcher.parse("p/")).hasMessageContaining("name part must be non-empty");
        assertThatThrownBy(() -> LabelMatcher.parse("-x")).hasMessageContaining("must start and end with an alphanumeric character");
    }

    @Test
    void anInvalidLabelValueIsRejectedNamingItAndItsIndex() {
        assertThatThrownBy(() -> LabelMatcher.parse("app=-web"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid label selector \"app=-web\" at index 4: invalid label value \"-web\" for key \"app\": ");
        assertThatThrownBy(() -> LabelMatcher.parse("app in (ok, bad_)"))
                .hasMessageContaining("at index 12: invalid label value \"bad_\"");
        assertThatThrownBy(() -> LabelMatcher.parse("app=" + "v".repeat(64)))
                .hasMessageContaining("must be no more than 63 characters");
        assertThatThrownBy(() -> LabelMatcher.parse("n>-1")).hasMessageContaining("invalid label value \"-1\"");
        assertThat(LabelMatcher.parse("app=" + "v".repeat(63))).isNotNull();
    }

    // ---------------------------------------------------------------- metav1.LabelSelector

    @Test
    void aNullLabelSelectorMatchesNothing() {
        assertThat(LabelMatcher.of(null)).isSameAs(LabelMatcher.nothing());
    }

    @Test
    void anEmptyLabelSelectorMatchesEverything() {
        assertThat(LabelMatcher.of(LabelSelector.builder().build())).isSameAs(LabelMatcher.everything());
        assertThat(LabelMatcher.of(LabelSelector.builder().matchLabels(Map.of()).matchExpressions(List.of()).build()))
                .isSameAs(LabelMatcher.everything());
    }

    @Test
    void matchLabelsAndMatchExpressionsAreAnded() {
        LabelSelector selector = LabelSelector.builder()
                .matchLabels(Map.of("app", "web"))
                .matchExpressions(List.of(
                        requirement("tier", "In", "front", "edge"),
                        requirement("env", "NotIn", "test"),
                        requirement("owner", "Exists"),
                        requirement("canary", "DoesNotExist")))
                .build();

        LabelMatcher matcher = LabelMatcher.of(selector);

        assertThat(matcher).hasToString("app=web,!canary,env notin (test),owner,tier in (edge,front)");
        assertThat(matcher).isEqualTo(LabelMatcher.parse(matcher.toString()));
        assertThat(matcher.test(labels("app=web;tier=edge;owner=me"))).isTrue();
        assertThat(matcher.test(labels("app=web;tier=edge;owner=me;env=prod"))).isTrue();
        assertThat(matcher.test(labels("app=web;tier=edge;owner=me;env=test"))).isFalse();
        assertThat(matcher.test(labels("app=web;tier=edge"))).isFalse();
        assertThat(matcher.test(labels("app=web;tier=back;owner=me"))).isFalse();
        assertThat(matcher.test(labels("app=api;tier=edge;owner=me"))).isFalse();
        assertThat(matcher.test(labels("app=web;tier=edge;owner=me;canary=1"))).isFalse();
    }

    @Test
    void anInvalidLabelSelectorIsRejectedNamingTheField() {
        assertThatThrownBy(() -> LabelMatcher.of(LabelSelector.builder().matchExpressions(List.of(requirement("a", "in", "x"))).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid label selector: matchExpressions[0].operator: \"in\" is not a label selector operator "
                        + "(In, NotIn, Exists, DoesNotExist)");
        assertThatThrownBy(() -> LabelMatcher.of(LabelSelector.builder().matchExpressions(List.of(requirement("a", "Gt", "1"))).build()))
                .hasMessageContaining("\"Gt\" is not a label selector operator");
        assertThatThrownBy(() -> LabelMatcher.of(LabelSelector.builder()
                        .matchExpressions(List.of(requirement("a", "Exists"), requirement("b", "In"))).build()))
                .hasMessageContaining("matchExpressions[1].values: operator In requires at least one value");
        assertThatThrownBy(() -> LabelMatcher.of(LabelSelector.builder().matchExpressions(List.of(requirement("a", "DoesNotExist", "x"))).build()))
                .hasMessageContaining("matchExpressions[0].values: operator DoesNotExist takes no values");
        assertThatThrownBy(() -> LabelMatcher.of(LabelSelector.builder().matchExpressions(List.of(requirement("-a", "Exists"))).build()))
                .hasMessageContaining("matchExpressions[0].key: invalid label key \"-a\"");
        assertThatThrownBy(() -> LabelMatcher.of(LabelSelector.builder().matchExpressions(List.of(requirement("a", "In", "ok", "no way"))).build()))
                .hasMessageContaining("matchExpressions[0].values[1]: invalid label value \"no way\"");
        assertThatThrownBy(() -> LabelMatcher.of(LabelSelector.builder().matchLabels(Map.of("app", "we b")).build()))
                .hasMessageContaining("matchLabels[\"app\"]: invalid label value \"we b\"");
        assertThatThrownBy(() -> LabelMatcher.of(LabelSelector.builder().matchExpressions(List.of(requirement(null, "Exists"))).build()))
                .hasMessageContaining("matchExpressions[0].key: invalid label key null: is missing");
    }

    @Test
    void parsingNullIsAProgrammingError() {
        assertThatThrownBy(() -> LabelMatcher.parse(null)).isInstanceOf(NullPointerException.class);
    }

    private static LabelSelectorRequirement requirement(String key, String operator, String... values) {
        return LabelSelectorRequirement.builder().key(key).operator(operator).values(values.length == 0 ? null : List.of(values)).build();
    }
}
