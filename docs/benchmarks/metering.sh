#!/usr/bin/env bash
# Reproduces docs/benchmarks/metering.md: metering's sample/charge throughput and Kafka's ProducerPerformance on the
# same (test) broker. Usage: docs/benchmarks/metering.sh [workspaces]   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/../.."
workspaces="${1:-1000}"
cp_file="$PWD/services/metering/target/kafka-tools.classpath"
mkdir -p services/metering/target
./mvnw -B -q -f docs/benchmarks/metering-kafka-tools-pom.xml dependency:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime
echo "before: $(uptime)"
./mvnw -B -q -pl services/metering -am verify -Dtest=MeteringBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dsealcloud.benchmark=true -Dsealcloud.benchmark.workspaces="$workspaces" \
  -Dsealcloud.benchmark.kafka-tools-classpath="$(cat "$cp_file")"
echo "after: $(uptime)"
cat services/metering/target/metering-benchmark.txt
