/**
 * Capstan's benchmarks, side by side with fabric8 and kubernetes-client/java on identical JSON.
 * Not a library: run everything with {@code benchmarks/run.sh}, which rewrites
 * {@code docs/benchmarks.md} and {@code docs/benchmarks.json}.
 *
 * <p>Entry points: {@link dev.capstan.benchmarks.MemoryFootprint} (retained heap per decoded
 * object, a plain main), {@link dev.capstan.benchmarks.DecodeThroughput} (decode throughput,
 * JMH), whose results {@link dev.capstan.benchmarks.DecodeThroughputReport} writes to the docs,
 * {@link dev.capstan.benchmarks.ListThroughput} (listing 10,000 ConfigMaps from a local
 * control plane with each library's whole client, a plain main), and
 * {@link dev.capstan.benchmarks.InformerSync} (each library's informer syncing 100,000 ConfigMaps
 * and 10,000 Pods, one JVM per measurement started by a plain main).
 */
package dev.capstan.benchmarks;
