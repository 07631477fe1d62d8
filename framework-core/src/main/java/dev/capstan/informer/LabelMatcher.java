package dev.capstan.informer;

import dev.capstan.api.KubernetesObject;
import dev.capstan.api.meta.v1.LabelSelector;
import dev.capstan.api.meta.v1.ObjectMeta;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A label selector as a predicate on label sets, with the syntax and semantics of Kubernetes'
 * {@code labels.Parse} (kubectl's {@code -l}) and of {@code metav1.LabelSelector}.
 *
 * <h2>Syntax</h2>
 * Requirements separated by commas, all of which must hold (there is no OR). Whitespace around
 * tokens is ignored.
 * <table>
 *   <caption>Requirements</caption>
 *   <tr><th>requirement</th><th>matches labels where</th></tr>
 *   <tr><td>{@code key=value}, {@code key==value}</td><td>{@code key} is present and equals {@code value}</td></tr>
 *   <tr><td>{@code key!=value}</td><td>{@code key} is absent, or differs from {@code value}</td></tr>
 *   <tr><td>{@code key in (v1,v2)}</td><td>{@code key} is present and one of the values</td></tr>
 *   <tr><td>{@code key notin (v1,v2)}</td><td>{@code key} is absent, or none of the values</td></tr>
 *   <tr><td>{@code key}</td><td>{@code key} is present</td></tr>
 *   <tr><td>{@code !key}</td><td>{@code key} is absent</td></tr>
 *   <tr><td>{@code key>5}, {@code key<5}</td><td>{@code key} is present, is a decimal integer, and is greater (less) than 5</td></tr>
 * </table>
 * A value may be empty: {@code key=} matches {@code key: ""}, as does {@code key in ()}. Keys must
 * be Kubernetes qualified names (an optional DNS-subdomain prefix of at most 253 characters and
 * {@code /}, then a name of at most 63 alphanumerics, {@code -}, {@code _} and {@code .} that
 * starts and ends alphanumeric); values must be valid label values (empty, or at most 63 such
 * characters). The words {@code in} and {@code notin} are operators only where an operator is
 * expected, so they may also be keys and values.
 *
 * <pre>{@code
 * LabelMatcher frontends = LabelMatcher.parse("app=web, tier in (frontend,edge), !canary");
 * frontends.test(Map.of("app", "web", "tier", "edge"));   // true
 * frontends.toString();                                   // "app=web,!canary,tier in (edge,frontend)"
 *
 * // ❌ "app=web || app=api": there is no OR; use a set
 * // ✅ "app in (web,api)"
 * }</pre>
 *
 * <h2>Everything and nothing</h2>
 * The empty selector ({@code ""}, or a {@code LabelSelector} with no requirements) matches every
 * label set, the empty one included. A <b>null</b> {@code LabelSelector} matches <b>nothing</b>,
 * as {@code metav1.LabelSelectorAsSelector(nil)} returns {@code labels.Nothing()}: a workload
 * whose selector is missing selects no Pods rather than all of them.
 *
 * <h2>Labels</h2>
 * {@link #test} takes a label map; a null map is the empty one. A key mapped to null counts as
 * absent.
 *
 * <h2>Values</h2>
 * Matchers built by {@link #parse}, {@link #of}, {@link #everything()} and {@link #nothing()} are
 * immutable and safe to share between threads. Their {@link #toString()} is the canonical selector
 * string: requirements sorted by key (stable), set values sorted and deduplicated, {@code ==}
 * written as {@code =}; parsing it gives an equal matcher, and {@code equals}/{@code hashCode} compare
 * canonical forms. {@link #nothing()} is the exception: no selector string selects nothing, so it
 * prints {@code <nothing>}, which does not parse (and is rejected by an API server, rather than
 * being mistaken for "everything").
 */
public interface LabelMatcher extends Predicate<Map<String, String>> {

    /** Whether {@code labels} (null: no labels) satisfy every requirement. */
    @Override
    boolean test(@Nullable Map<String, String> labels);

    /** Whether the labels of {@code object} ({@code metadata.labels}; none when absent) match. */
    default boolean matches(KubernetesObject object) {
        ObjectMeta meta = Objects.requireNonNull(object, "object").metadata();
        return test(meta == null ? null : meta.labels());
    }

    /**
     * Parses a selector in kubectl syntax; blank means {@link #everything()}.
     *
     * @throws IllegalArgumentException naming the index and token where the selector is invalid,
     *     or the key or value that is not a valid label key or value
     */
    static LabelMatcher parse(String selector) {
        return LabelSelectorParser.parse(Objects.requireNonNull(selector, "selector"));
    }

    /**
     * The matcher of a {@code metav1.LabelSelector}: {@code matchLabels} as {@code key=value} and
     * {@code matchExpressions} with the operators {@code In}, {@code NotIn}, {@code Exists} and
     * {@code DoesNotExist}, all ANDed. A null selector matches {@link #nothing()}; one with no
     * requirements matches {@link #everything()}.
     *
     * @throws IllegalArgumentException on an unknown operator, values where none are allowed (or
     *     none where some are required), or an invalid key or value, naming the field
     */
    static LabelMatcher of(@Nullable LabelSelector selector) {
        return LabelSelectorMatcher.of(selector);
    }

    /** Matches every label set; the empty selector. */
    static LabelMatcher everything() {
        return LabelSelectorMatcher.EVERYTHING;
    }

    /** Matches no label set, not even the empty one; what a null {@code LabelSelector} means. */
    static LabelMatcher nothing() {
        return LabelSelectorMatcher.NOTHING;
    }
}
