/**
 * An invariant checker for informers and controllers under faults: it records what handlers
 * were told, what reconcilers did and what the test wrote, and asserts client-go's guarantees
 * at the end (never back in time, convergence to a fresh list, no lost final state or
 * deletion, one reconcile per key at a time, one leader at a time, bounded relists).
 *
 * <p>The entry point is {@link dev.capstan.testing.invariant.InvariantChecker}. It depends on
 * no client library: adapt your informer's handler in a few lines (Capstan's, fabric8's, …).
 */
package dev.capstan.testing.invariant;
