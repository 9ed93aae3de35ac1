#!/usr/bin/env bash
# Creates sealcloud's topics and their dead-letter topics (contracts/asyncapi.yaml lists them). The partition count
# is chosen once: records are partitioned by key (workspace or account id), so changing it later breaks per-key
# order for records already written.
set -euo pipefail

bootstrap="${KAFKA_BOOTSTRAP:-kafka:9092}"
topics=/opt/kafka/bin/kafka-topics.sh

create() {
    local topic="$1" partitions="$2" retention_ms="$3"
    "${topics}" --bootstrap-server "${bootstrap}" --create --if-not-exists --topic "${topic}" \
        --partitions "${partitions}" --replication-factor 1 --config "retention.ms=${retention_ms}"
}

week=604800000
month=2592000000
for service in accounts metering appstore; do
    create "sealcloud.${service}.v1" 6 "${week}"
    create "sealcloud.${service}.v1.dlq" 1 "${month}"
done
"${topics}" --bootstrap-server "${bootstrap}" --list
