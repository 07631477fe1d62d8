#!/usr/bin/env bash
# Runs Capstan's reliability suite (framework-core, dev.capstan.reliability.*IT) and the fabric8
# suite (reliability-peers, dev.capstan.reliability.fabric8.*IT) in one Maven run, with one hammer
# seed for both, and writes the two columns side by side as a Markdown table.
#
#   reliability-peers/run.sh [--docs] [OUTPUT.md] [extra Maven arguments, e.g. -o]
#
# --docs also writes the table into docs/reliability.md and docs/reliability-peers.md, between
# their "GENERATED reliability-results" markers (only when every test passed).
# Default output: reliability-peers/target/reliability-comparison.md. Seed: $CAPSTAN_RELIABILITY_SEED,
# or a fresh one (printed). A failing scenario does not stop the other suite: the table is written
# either way and the script exits non-zero when any test failed. See docs/reliability-peers.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
docs=0
if [ "${1:-}" = "--docs" ]; then
  docs=1
  shift
fi
out=${1:-$root/reliability-peers/target/reliability-comparison.md}
[ $# -gt 0 ] && shift
case $out in /*) ;; *) out=$root/$out ;; esac
seed=${CAPSTAN_RELIABILITY_SEED:-$(date +%s%N | cut -c1-13)}
target=$root/reliability-peers/target
capstan=$target/reliability-capstan.md   # Capstan's rows (framework-core's Results)
fabric8=$target/reliability-fabric8.md   # fabric8's rows (PeerResults)
log=$target/reliability-comparison.log
mkdir -p "$(dirname "$out")" "$target"
rm -f "$capstan" "$fabric8"
echo "reliability-peers: hammer seed $seed; Maven log: $log"

set +e
mvn -B verify -pl framework-core,reliability-peers -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test='dev.capstan.reliability.*IT,LeaderElectionEtcdPauseIT,dev.capstan.reliability.fabric8.*IT' -Dfailsafe.failIfNoSpecifiedTests=false \
    -Dmaven.test.failure.ignore=true -Dcapstan.reliability.seed="$seed" \
    -Dcapstan.reliability.report="$capstan" -Dcapstan.reliability.peers.report="$fabric8" "$@" > "$log" 2>&1
rc=$?
set -e
failed=$(grep -E 'Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+, Time elapsed' "$log" \
    | grep -Ev 'Failures: 0, Errors: 0' | sed -E 's/.* -- in //' || true)

touch "$capstan" "$fabric8"
fabric8_version=$(sed -n 's:.*<fabric8.version>\(.*\)</fabric8.version>.*:\1:p' reliability-peers/pom.xml)
{
  echo "Capstan and fabric8 $fabric8_version informers, same faults, same writers, same checker; one run, hammer seed $seed ($(date -u +%Y-%m-%dT%H:%MZ))."
  echo
  echo "| scenario | client | faults injected | events written | events delivered | objects lost | time to detect | time to recover | relists | duplicate deliveries | deletions seen only as a uid change | outcome |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  # Rows are "| scenario | faults | ... |"; the scenario (seed stripped) pairs them.
  awk -v version="$fabric8_version" '
    function key(s) { sub(/ \(seed [0-9]+\)/, "", s); return s }
    function cells(line, arr,   n) { sub(/^\| /, "", line); sub(/ \|$/, "", line); n = split(line, arr, / \| /); return n }
    FNR <= 2 { next }
    FILENAME == ARGV[1] { n = cells($0, c); k = key(c[1]); order[++count] = k; cap[k] = $0; next }
    { n = cells($0, f); k = key(f[1]); fab[k] = $0; if (!(k in cap)) { order[++count] = k; cap[k] = "" } }
    END {
      for (i = 1; i <= count; i++) {
        k = order[i]
        if (cap[k] != "") {
          n = cells(cap[k], c); row = "| " c[1] " | Capstan"
          for (j = 2; j <= n; j++) row = row " | " c[j]
          print row " | " (c[5] == "0" ? "recovered, nothing lost" : "objects lost") " |"
        }
        if (k in fab) {
          n = cells(fab[k], f); row = "| " f[1] " | fabric8 " version
          for (j = 2; j <= n; j++) row = row " | " f[j]
          print row " |"
        } else if (k ~ /^(Manager|etcd paused)/) {
          print "| " k " | fabric8 " version " | not compared: not a plain informer (a Manager, leader election) | | | | | | | | | |"
        } else {
          print "| " k " | fabric8 " version " | no row: the fabric8 test did not report (see the log) | | | | | | | | | |"
        }
      }
    }' "$capstan" "$fabric8"
  if [ -n "$failed" ]; then
    echo
    echo "Failed tests in this run: $(echo "$failed" | tr '\n' ' ')"
  fi
} > "$out"
cat "$out"
if [ "$(wc -l < "$capstan")" -le 2 ] || [ "$(wc -l < "$fabric8")" -le 2 ]; then
  echo "reliability-peers: a suite reported no rows (Maven exit $rc); see $log" >&2
  exit 1
fi
if [ $rc -ne 0 ] || [ -n "$failed" ]; then
  echo "reliability-peers: Maven exit $rc; failed: ${failed:-none}; see $log" >&2
  exit 1
fi
if [ $docs = 1 ]; then
  # Replaces what is between the markers with the table just written.
  for doc in docs/reliability.md docs/reliability-peers.md; do
    grep -q '<!-- BEGIN GENERATED reliability-results -->' "$doc" || { echo "reliability-peers: no markers in $doc" >&2; exit 1; }
    awk -v table="$out" '
      /<!-- BEGIN GENERATED reliability-results -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
      /<!-- END GENERATED reliability-results -->/ { skip = 0 }
      !skip' "$doc" > "$doc.tmp" && mv "$doc.tmp" "$doc"
    echo "reliability-peers: table written into $doc"
  done
fi
