package dev.capstan.testing;

import java.util.Objects;

/**
 * The namespace {@link KubernetesTest} created for the current test class. It exists before
 * the first test of the class runs and is deleted (without waiting) after the last.
 *
 * @param name the namespace's name, unique per test class and run
 */
public record TestNamespace(String name) {
    public TestNamespace {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return name;
    }
}
