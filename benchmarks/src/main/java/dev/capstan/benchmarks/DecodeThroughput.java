package dev.capstan.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decode throughput: Pods per second decoded from JSON text by each {@link Library}, one thread.
 *
 * <p>Each invocation decodes the next of {@link #DISTINCT} distinct Pods from {@link Fixtures}
 * (with managedFields, about 11 KB each), so string deduplication and caches see realistic
 * variety rather than one repeated document. {@link #rawFloor()} only tokenizes the same text
 * with Jackson 3 and builds nothing: the ceiling any JSON decoder on Jackson can approach.
 *
 * <p>The annotations hold the settings {@code benchmarks/run.sh} uses (1 fork, 10 × 1 s warm-up,
 * 5 × 1 s measurement), so a run from an IDE matches the documented one; run.sh also adds
 * JMH's {@code gc} profiler for allocated bytes per decoded Pod. Warm-up is long because
 * Capstan's and Gson's decoders need 6–9 s of a contended 2-core machine to reach steady state.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
public class DecodeThroughput {
    /** How many distinct Pods the benchmark cycles through; a power of two. */
    static final int DISTINCT = 256;

    private static final JsonMapper TOKENIZER = JsonMapper.builder().build();

    private String[] pods;
    private int next;

    /** The Pods decoded, the same for every library. */
    static List<String> pods() {
        return Fixtures.pods(DISTINCT);
    }

    @Setup
    public void setUp() {
        pods = pods().toArray(String[]::new);
        for (Library library : Library.values()) {
            library.decodePod(pods[0]); // fail before measuring if a library cannot decode the fixture
        }
    }

    private String nextPod() {
        String pod = pods[next];
        next = (next + 1) & (DISTINCT - 1);
        return pod;
    }

    @Benchmark
    public Object capstan() {
        return Library.CAPSTAN.decodePod(nextPod());
    }

    @Benchmark
    public Object capstanCache() {
        return Library.CAPSTAN_CACHE.decodePod(nextPod());
    }

    @Benchmark
    public Object fabric8() {
        return Library.FABRIC8.decodePod(nextPod());
    }

    @Benchmark
    public Object kubernetesClientJava() {
        return Library.KUBERNETES_CLIENT_JAVA.decodePod(nextPod());
    }

    /** Tokenizes without building anything; returns the token count so nothing is dead code. */
    @Benchmark
    public int rawFloor() {
        int tokens = 0;
        try (JsonParser parser = TOKENIZER.createParser(nextPod())) {
            while (parser.nextToken() != null) {
                tokens++;
            }
        }
        return tokens;
    }
}
