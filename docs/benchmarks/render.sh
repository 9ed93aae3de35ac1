#!/usr/bin/env bash
# Renders every sample template with its default inputs and prints per-template median and p99 times (ms) beside a
# plain YAML load+dump of the same file. Writes the table to services/appstore/target/benchmarks/render.md.
#   docs/benchmarks/render.sh [iterations] [warmup]
set -euo pipefail
cd "$(dirname "$0")/../.."
iterations="${1:-500}"
warmup="${2:-200}"
./mvnw -B -q -pl services/appstore -am test \
  -Dtest=RenderBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dsealcloud.benchmark=true \
  -Dsealcloud.benchmark.iterations="$iterations" -Dsealcloud.benchmark.warmup="$warmup"
cat services/appstore/target/benchmarks/render.md
