#!/usr/bin/env bash
# Reproduces docs/benchmarks/appstore-apply.md: app installs per minute through the app store on the real control
# plane, beside kubectl apply of the same objects in the same run.
# Usage: docs/benchmarks/appstore-apply.sh [installs] [workspaces]   (from the repository root; kubectl on the PATH or
# at /usr/bin/kubectl)
set -euo pipefail
cd "$(dirname "$0")/../.."
installs="${1:-100}"
workspaces="${2:-10}"
echo "before: $(uptime)"
./mvnw -B -q -pl services/appstore -am verify -Dtest=AppstoreApplyBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dsealcloud.benchmark=true -Dsealcloud.benchmark.installs="$installs" -Dsealcloud.benchmark.workspaces="$workspaces"
echo "after: $(uptime)"
cat services/appstore/target/appstore-apply-benchmark.txt
