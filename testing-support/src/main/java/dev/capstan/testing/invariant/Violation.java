package dev.capstan.testing.invariant;

/**
 * One broken invariant, with the values that break it.
 *
 * @param invariant which invariant, e.g. {@code resourceVersion monotonic}
 * @param subject the key (or observer, or identity) it concerns
 * @param detail what was expected and what was seen
 */
public record Violation(String invariant, String subject, String detail) {
    @Override
    public String toString() {
        return invariant + " [" + subject + "]: " + detail;
    }
}
