#!/usr/bin/env bash
# Refreshes framework-core/src/main/openapi from a local control plane of the release pinned
# in testing-support/controlplane (bump that first with update-kubernetes.sh). The build
# never needs a cluster: it generates the model from these committed documents.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -Dstyle.color=never -DskipTests -pl api-codegen -am install
mvn -q -B -Dstyle.color=never -pl api-codegen test-compile exec:java \
    -Dexec.classpathScope=test -Dexec.mainClass=dev.capstan.codegen.OpenApiDump \
    -Dexec.args="$(pwd)/framework-core/src/main/openapi"
