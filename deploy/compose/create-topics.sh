#!/bin/sh
# Creates the topics of contracts' topics.tsv that do not exist yet (compose's kafka-topics container).
# usage: create-topics.sh BOOTSTRAP TOPICS_TSV
set -eu
grep -v '^#' "$2" | while IFS="$(printf '\t')" read -r name partitions retention rest; do
  [ -n "$name" ] || continue
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$1" --create --if-not-exists --topic "$name" \
    --partitions "$partitions" --replication-factor 1 --config "retention.ms=$retention"
done
