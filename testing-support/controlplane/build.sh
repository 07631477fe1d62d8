#!/usr/bin/env bash
# Builds the local control plane binary (etcd + kube-apiserver + kube-controller-manager
# in one multi-call executable) from Go modules, once. The result is cached outside the
# repository, keyed by a hash of go.mod, go.sum and the Go sources, so a second build with
# nothing changed is instant:
#
#   ~/.cache/capstan/controlplane/<hash>/capstan-controlplane   (CAPSTAN_CACHE_DIR overrides ~/.cache/capstan)
#
# The last line printed on standard output is the binary's absolute path; progress and
# errors go to standard error. The first build compiles ~2000 packages and takes 10-25
# minutes on two cores.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

fail() { echo "capstan control plane: $*" >&2; exit 1; }

command -v go >/dev/null 2>&1 || fail "Go is not installed or not on PATH. Install Go $(sed -n 's/^go //p' go.mod) or newer (the test control plane is built from Go modules), then run this again."
need=$(sed -n 's/^go \([0-9.]*\)$/\1/p' go.mod)
have=$(go env GOVERSION | sed 's/^go//')
older=$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -n 1)
[ "$older" = "$need" ] || fail "Go $have is too old: go.mod of the control plane needs Go $need or newer. Install a newer Go, or pin an older Kubernetes release with update-kubernetes.sh."

version=$(cat KUBERNETES_VERSION)
hash=$(cat go.mod go.sum *.go build.sh | sha256sum | cut -c1-16)
cache=${CAPSTAN_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/capstan}/controlplane
target="$cache/$hash/capstan-controlplane"

if [ -x "$target" ] && [ "$("$target" version 2>/dev/null)" = "$version" ]; then
  echo "capstan control plane: cached $version at $target" >&2
  echo "$target"
  exit 0
fi
if [ -e "$target" ]; then
  echo "capstan control plane: cached binary at $target is broken (does not report $version); rebuilding" >&2
  rm -rf "$cache/$hash"
fi

mkdir -p "$cache"
echo "capstan control plane: downloading Go modules for Kubernetes $version (first time only)..." >&2
if ! go mod download 2>"$cache/download.log"; then
  tail -n 20 "$cache/download.log" >&2
  fail "downloading Go modules failed (log above, full log in $cache/download.log). Check that the Go module proxy is reachable (go env GOPROXY) and run this again."
fi

total=$(CGO_ENABLED=0 go list -deps . 2>/dev/null | wc -l)
echo "capstan control plane: compiling $version ($total packages; the first build takes 10-25 minutes on two cores)..." >&2
major=${version#v}; major=${major%%.*}
minor=${version#v*.}; minor=${minor%%.*}
pkg=k8s.io/component-base/version
ldflags="-s -w -X $pkg.gitVersion=$version -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor -X $pkg.gitCommit=unknown -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
mkdir -p "$cache/$hash"
tmp="$cache/$hash/capstan-controlplane.partial"
start=$(date +%s)
mkdir -p "$(dirname "$cache")"
log="$cache/$hash/build.log"
# -v names each package as it is compiled: turn that into a progress line every 5%.
set +e
CGO_ENABLED=0 go build -v -buildvcs=false -trimpath -ldflags "$ldflags" -o "$tmp" . 2>&1 | tee "$log" | {
  n=0; next_pct=0
  while IFS= read -r line; do
    case $line in
      '#'*|*.go:[0-9]*|go:*) echo "$line" >&2; continue ;;
    esac
    n=$((n + 1)); pct=$((100 * n / (total > 0 ? total : 1)))
    if [ "$pct" -ge "$next_pct" ]; then
      echo "capstan control plane: $pct% ($n/$total packages, $(( $(date +%s) - start ))s)" >&2
      next_pct=$((pct + 5))
    fi
  done
}
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ] || [ ! -x "$tmp" ]; then
  rm -f "$tmp"
  fail "compiling the control plane failed (errors above; full log in $log). If it is a module error, run update-kubernetes.sh $version again; if the compiler was killed, free memory and retry."
fi
mv "$tmp" "$target"
echo "capstan control plane: built $version in $(( $(date +%s) - start ))s: $target" >&2
echo "$target"
