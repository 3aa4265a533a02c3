# The five Salon services, each a Quarkus fast-jar started with its configuration in the environment.
# shellcheck shell=bash

service_port() {
  case "$1" in
    auth-service) echo "$SALON_AUTH_PORT" ;; room-service) echo "$SALON_ROOM_PORT" ;;
    chat-service) echo "$SALON_CHAT_PORT" ;; signaling-service) echo "$SALON_SIGNALING_PORT" ;;
    media-gateway) echo "$SALON_MEDIA_PORT" ;; *) die "unknown service $1" ;;
  esac
}

service_db() {
  case "$1" in
    auth-service) echo auth ;; room-service) echo room ;; chat-service) echo chat ;;
    signaling-service) echo signaling ;; media-gateway) echo media ;;
  esac
}

service_jar() { echo "$SALON_ROOT/$1/target/quarkus-app/quarkus-run.jar"; }

# Builds when a service's jar or the web client is missing or older than its sources.
build_if_needed() {
  [ -z "${SALON_SKIP_BUILD:-}" ] || return 0
  local stale="" svc
  for svc in $SALON_SERVICES; do
    if [ ! -f "$(service_jar "$svc")" ] || [ -n "$(find "$SALON_ROOT/$svc/src/main" "$SALON_ROOT/$svc/pom.xml" -newer "$(service_jar "$svc")" -print -quit)" ]; then
      stale="$stale $svc"
    fi
  done
  if [ ! -f "$(web_root)/index.html" ] || [ -n "$(find "$SALON_ROOT/web/src" "$SALON_ROOT/web/index.html" -newer "$(web_root)/index.html" -print -quit 2>/dev/null)" ]; then
    stale="$stale web"
  fi
  if [ -n "$stale" ]; then
    log "building:$stale (log: $SALON_LOG_DIR/build.log)"
    (cd "$SALON_ROOT" && ./mvnw -B -q -DskipTests install) >>"$SALON_LOG_DIR/build.log" 2>&1 \
      || die "the build failed; see $SALON_LOG_DIR/build.log"
  fi
}

# Settings only one service gets: auth-service's demo users and service clients, room-service's client secret,
# media-gateway's Janus nodes and secrets.
service_env() {
  case "$1" in
    auth-service) echo "SALON_DEMO_PASSWORD=$(secret demo-password)" "SALON_SERVICE_CLIENTS=room-service=$(secret room-service-client-secret)" ;;
    room-service) echo "SALON_SERVICE_CLIENT_SECRET=$(secret room-service-client-secret)" "SALON_AUTH_URL=http://$SALON_BIND:$SALON_AUTH_PORT" ;;
    media-gateway) echo "SALON_JANUS_NODES=${SALON_JANUS_NODES:-janus-1=ws://$SALON_BIND:$SALON_JANUS_WS_PORT}" \
      "SALON_JANUS_API_SECRET=$(secret janus-api-secret)" ;;
  esac
}

# service_start NAME [INSTANCE_NAME PORT]: a second instance of a service gets its own name and port.
service_start() {
  local svc="$1" name="${2:-$1}" port="${3:-$(service_port "$1")}" db pid issuer
  running_pid "$name" >/dev/null && { log "$name already running"; return 0; }
  require_free_port "$name" "$port"
  db="$(service_db "$svc")"
  issuer="http://$SALON_BIND:$SALON_AUTH_PORT/api/auth"
  # shellcheck disable=SC2046
  pid="$(spawn "$name" "$(service_jar "$svc")" env $(service_env "$svc") \
    SALON_ISSUER="$issuer" SALON_OIDC_URL="${SALON_OIDC_URL:-$issuer}" \
    SALON_GUEST_TENANT="$([ "${SALON_OIDC_URL:-$issuer}" = "$issuer" ] && echo false || echo true)" \
    QUARKUS_HTTP_HOST="$SALON_BIND" QUARKUS_HTTP_PORT="$port" \
    SALON_INSTANCE="$name" \
    SALON_DB_HOST="$SALON_BIND" SALON_DB_PORT="$SALON_PG_PORT" SALON_DB_PASSWORD="$(secret "db-$db-password")" \
    KAFKA_BOOTSTRAP_SERVERS="$SALON_BIND:$SALON_KAFKA_PORT" \
    java -Xmx${SALON_SERVICE_HEAP:-256m} -XX:+UseSerialGC -jar "$(service_jar "$svc")")"
  echo "$pid"
}

# Waits until the service's readiness endpoint says UP.
service_wait_ready() {
  local name="$1" port="$2" pid="$3" deadline=$((SECONDS + ${4:-120}))
  until curl -fsS -o /dev/null "http://$SALON_BIND:$port/q/health/ready" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || die "$name exited during start; see $SALON_LOG_DIR/$name.log"
    [ $SECONDS -lt $deadline ] || die "$name is not ready after ${4:-120}s; see $SALON_LOG_DIR/$name.log and http://$SALON_BIND:$port/q/health/ready"
    sleep 0.3
  done
  log "$name ready on http://$SALON_BIND:$port"
}
