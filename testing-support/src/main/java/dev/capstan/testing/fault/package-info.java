/**
 * Network and HTTP faults between a Kubernetes client and its API server, for reliability
 * tests of operators: Capstan's own and its users'.
 *
 * <p>The entry point is {@link dev.capstan.testing.fault.FaultProxy}: a loopback HTTPS proxy,
 * switchable at run time, that resets connections, black-holes them, adds latency, caps
 * bandwidth, answers chosen requests with 429/5xx, corrupts watch events, and counts the
 * requests it sees (lists, watches, others) so a test can assert "no relist".
 */
package dev.capstan.testing.fault;
