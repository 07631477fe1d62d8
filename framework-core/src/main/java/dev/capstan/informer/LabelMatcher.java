package dev.capstan.informer;

import java.util.Map;
import java.util.function.Predicate;

/** Placeholder: replaced by the label-selector implementation. */
public interface LabelMatcher extends Predicate<Map<String, String>> {

    static LabelMatcher parse(String selector) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
