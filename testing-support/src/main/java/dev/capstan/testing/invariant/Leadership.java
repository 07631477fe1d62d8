package dev.capstan.testing.invariant;

import java.time.Instant;

/**
 * An interval during which {@code identity} believed it led.
 *
 * @param identity the candidate's identity
 * @param start when it started leading
 * @param end when it stopped leading
 */
public record Leadership(String identity, Instant start, Instant end) {}
