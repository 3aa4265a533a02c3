# A real Apache Kafka broker (KRaft, broker and controller in one process) from the jars on Maven Central.
# shellcheck shell=bash

kafka_classpath() {
  local cp="$SALON_ROOT/deploy/kafka/target/classpath.txt"
  if [ ! -s "$cp" ]; then
    log "resolving the Kafka broker from Maven Central (first run only)"
    "$SALON_ROOT/mvnw" -q -B -f "$SALON_ROOT/deploy/kafka/pom.xml" generate-resources >>"$SALON_LOG_DIR/build.log" 2>&1 \
      || die "could not resolve the Kafka jars; see $SALON_LOG_DIR/build.log"
  fi
  cat "$cp"
}

# The java command line for Kafka's classes, with the given heap, in the array KAFKA_JAVA.
kafka_java_cmd() {
  KAFKA_JAVA=(java "-Xmx$1" -Dlog4j2.configurationFile="$SALON_ROOT/deploy/local/conf/kafka-log4j2.properties"
    -cp "$(kafka_classpath)")
}

kafka_java() { kafka_java_cmd "$1"; shift; "${KAFKA_JAVA[@]}" "$@"; }

kafka_start() {
  local dir="$SALON_DATA_DIR/kafka" conf="$SALON_RUN_DIR/kafka.properties" pid
  running_pid kafka >/dev/null && { log "kafka already running"; return 0; }
  require_free_port kafka "$SALON_KAFKA_PORT"
  require_free_port kafka-controller "$SALON_KAFKA_CONTROLLER_PORT"
  mkdir -p "$dir"
  sed -e "s|@BIND@|$SALON_BIND|g" -e "s|@PORT@|$SALON_KAFKA_PORT|g" \
      -e "s|@CONTROLLER_PORT@|$SALON_KAFKA_CONTROLLER_PORT|g" -e "s|@DIR@|$dir|g" \
      "$SALON_ROOT/deploy/local/conf/kafka.properties" > "$conf"
  if [ ! -f "$dir/meta.properties" ]; then
    kafka_java 256m kafka.tools.StorageTool format --cluster-id="$(head -c 16 /dev/urandom | base64 | tr "+/" "-_" | tr -d "=")" -c "$conf" \
      >>"$SALON_LOG_DIR/kafka.log" 2>&1 || die "formatting Kafka storage failed; see $SALON_LOG_DIR/kafka.log"
  fi
  kafka_java_cmd "${SALON_KAFKA_HEAP:-512m}"
  pid="$(spawn kafka "$conf" "${KAFKA_JAVA[@]}" kafka.Kafka "$conf")"
  wait_for_port kafka "$SALON_KAFKA_PORT" "$pid" 90
  kafka_create_topics
  log "kafka ready on $SALON_BIND:$SALON_KAFKA_PORT"
}

# Topics are created explicitly, with the partition counts and retention of contracts' topics.tsv.
kafka_create_topics() {
  kafka_java 128m "$SALON_ROOT/deploy/local/lib/CreateTopics.java" "$SALON_BIND:$SALON_KAFKA_PORT" \
    "$SALON_ROOT/contracts/src/main/resources/salon/topics.tsv" >>"$SALON_LOG_DIR/kafka.log" 2>&1 \
    || die "creating the topics failed; see $SALON_LOG_DIR/kafka.log"
}

kafka_stop() { stop_component kafka TERM; }
