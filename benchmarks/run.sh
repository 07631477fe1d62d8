#!/usr/bin/env bash
# Runs every Capstan benchmark, one after another, and rewrites the result tables in
# docs/benchmarks.md and the figures in docs/benchmarks.json (see docs/benchmarks.md).
#
# Usage: benchmarks/run.sh                 every benchmark (from any directory; about 25 minutes on 2 cores)
#        benchmarks/run.sh NAME [NAME...]  only these: memory-footprint, decode-throughput,
#                                          workqueue-throughput, list-throughput, informer-sync, informer-queue,
#                                          reconcile-latency
#
# It builds what it needs with mvn, then runs each benchmark in its own JVM with java.
# ListThroughput and InformerSync start a local control plane (testing-support): the first run
# on a machine builds it from Go modules (needs Go, takes minutes), later runs reuse the cached binary.
# Environment (optional):
#   CAPSTAN_BENCH_N=2000                 objects per kind in MemoryFootprint
#   CAPSTAN_BENCH_LIST_N=10000           ConfigMaps in ListThroughput
#   CAPSTAN_BENCH_SYNC_CONFIGMAPS=100000 ConfigMaps in InformerSync
#   CAPSTAN_BENCH_SYNC_PODS=10000        Pods in InformerSync
#   CAPSTAN_BENCH_SYNC_RUNS=3            runs (fresh JVMs) per subject and data set in InformerSync
#   CAPSTAN_BENCH_SKIP_BUILD=1           reuse the last build (benchmarks/target/classpath.txt)
#   JAVA=java                            the java launcher to use
set -euo pipefail

benchmarks=(memory-footprint decode-throughput workqueue-throughput list-throughput informer-sync informer-queue reconcile-latency)
if (($# > 0)); then
  for name in "$@"; do
    if [[ " ${benchmarks[*]} " != *" $name "* ]]; then
      echo "unknown benchmark '$name'; known: ${benchmarks[*]}" >&2
      exit 2
    fi
  done
  benchmarks=("$@")
fi
selected() { [[ " ${benchmarks[*]} " == *" $1 "* ]]; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
java="${JAVA:-java}"
n="${CAPSTAN_BENCH_N:-2000}"
list_n="${CAPSTAN_BENCH_LIST_N:-10000}"
sync_configmaps="${CAPSTAN_BENCH_SYNC_CONFIGMAPS:-100000}"
sync_pods="${CAPSTAN_BENCH_SYNC_PODS:-10000}"
sync_runs="${CAPSTAN_BENCH_SYNC_RUNS:-3}"
mvn=(mvn -q -B -Dstyle.color=never)

# Throughput needs an otherwise idle machine; footprint and allocation figures do not.
read -r load _ < /proc/loadavg 2>/dev/null || load=0
if awk -v l="$load" 'BEGIN { exit !(l > 0.5) }'; then
  echo "warning: load average is $load: other processes compete for the CPU, so throughput figures will be noisy" >&2
fi

if [[ "${CAPSTAN_BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  echo "== build"
  if grep -q '<module>benchmarks</module>' pom.xml; then
    "${mvn[@]}" -pl benchmarks -am package -DskipTests
  else
    # Until the root pom lists this module: install what it depends on, then build it alone.
    "${mvn[@]}" -pl framework-core,testing-support -am install -DskipTests
    "${mvn[@]}" -f benchmarks/pom.xml package
  fi
fi
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

if selected memory-footprint; then
  echo "== memory footprint (N=$n)"
  # Fixed heap below 32 GiB keeps compressed references, as a typical operator runs.
  "$java" -Xms2g -Xmx2g -Djdk.attach.allowAttachSelf=true -cp "$classpath" \
    dev.capstan.benchmarks.MemoryFootprint --n "$n" --docs docs
fi

if selected decode-throughput; then
  echo "== decode throughput (JMH)"
  results=benchmarks/target/jmh-decode.json
  "$java" -cp "$classpath" org.openjdk.jmh.Main 'dev\.capstan\.benchmarks\.DecodeThroughput\.' \
    -f 1 -wi 10 -w 1s -i 5 -r 1s -t 1 -jvmArgsAppend '-Xms1g -Xmx1g' -prof gc \
    -rf json -rff "$results"
  "$java" -cp "$classpath" dev.capstan.benchmarks.DecodeThroughputReport --results "$results" --docs docs
fi

if selected workqueue-throughput; then
  echo "== workqueue throughput (JMH)"
  wq_results=benchmarks/target/jmh-workqueue.json
  "$java" -cp "$classpath" org.openjdk.jmh.Main 'dev\.capstan\.benchmarks\.WorkQueueThroughput\.' \
    -rf json -rff "$wq_results"
  "$java" -cp "$classpath" dev.capstan.benchmarks.WorkQueueThroughputReport --results "$wq_results" --docs docs
fi

if selected list-throughput; then
  echo "== list throughput (local control plane, N=$list_n)"
  # One JVM holds all clients; it starts the control plane and stops it (LocalControlPlane.close) at the end.
  "$java" -Xms2g -Xmx2g -cp "$classpath" dev.capstan.benchmarks.ListThroughput --objects "$list_n" --docs docs
fi

if selected informer-sync; then
  echo "== informer sync (local control plane, $sync_configmaps ConfigMaps, $sync_pods Pods, $sync_runs runs)"
  # This JVM starts the control plane and loads the data (several minutes at full scale); every
  # measured sync then runs in a JVM of its own (-Xmx4g -XX:+UseG1GC), started by this one.
  "$java" -Xms2g -Xmx2g -cp "$classpath" dev.capstan.benchmarks.InformerSync \
    --configmaps "$sync_configmaps" --pods "$sync_pods" --runs "$sync_runs" --docs docs
fi

if selected reconcile-latency; then
  # From a write on the API server to the start of its reconcile, through a Capstan Manager against
  # the local control plane, at 100 and 1,000 writes/s and at the API server's capacity; fabric8's
  # informer alongside (about 7 minutes). CAPSTAN_BENCH_LATENCY_ARGS adds options
  # (e.g. "--subjects capstan --seconds 60"; see ReconcileLatency).
  echo "== reconcile latency (local control plane)"
  # shellcheck disable=SC2086 # word splitting of the extra options is intended
  "$java" -Xms1g -Xmx1g -cp "$classpath" dev.capstan.benchmarks.ReconcileLatency --docs docs ${CAPSTAN_BENCH_LATENCY_ARGS:-}
fi

if selected informer-queue; then
  echo "== informer queue choice (in-process, N=100000)"
  "$java" -Xms2g -Xmx2g -cp "$classpath" dev.capstan.benchmarks.InformerQueueChoice --n 100000 --rounds 5 --docs docs
fi

echo "== done: docs/benchmarks.md, docs/benchmarks.json"
