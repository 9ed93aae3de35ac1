#!/usr/bin/env bash
# Reproduces docs/benchmarks/workspaces.md: on the real control plane (@WithControlPlane, Kubernetes 1.20.2), a
# workspace accepted by the accounts API until its Workspace says Ready=True, one at a time and N at once, beside the
# same objects created directly. Usage (from the repository root):
#   docs/benchmarks/workspaces.sh [workspaces] [repeats] [extra Maven -D options, e.g. -Dsealcloud.operator.workers=2]
set -euo pipefail
cd "$(dirname "$0")/../.."
workspaces="${1:-1000}"
repeats="${2:-20}"
shift $(( $# < 2 ? $# : 2 ))
echo "before: $(uptime)"
./mvnw -B -q -pl services/accounts -am verify -Dtest=WorkspaceProvisioningBenchmarkTest \
  -Dsurefire.failIfNoSpecifiedTests=false -Dsealcloud.benchmark=true \
  -Dsealcloud.benchmark.workspaces="$workspaces" -Dsealcloud.benchmark.repeats="$repeats" "$@"
echo "after: $(uptime)"
cat services/accounts/target/workspaces-benchmark.txt
