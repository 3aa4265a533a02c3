# Shared settings and helpers of the local launcher. Every value comes from the environment with a default.
# shellcheck shell=bash

SALON_ROOT="${SALON_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}"
SALON_HOME="${SALON_HOME:-$SALON_ROOT/.salon}"
SALON_DATA_DIR="${SALON_DATA_DIR:-$SALON_HOME/data}"
SALON_LOG_DIR="${SALON_LOG_DIR:-$SALON_HOME/logs}"
SALON_RUN_DIR="${SALON_RUN_DIR:-$SALON_HOME/run}"

SALON_GATEWAY_PORT="${SALON_GATEWAY_PORT:-8080}"
SALON_AUTH_PORT="${SALON_AUTH_PORT:-8081}"
SALON_ROOM_PORT="${SALON_ROOM_PORT:-8082}"
SALON_CHAT_PORT="${SALON_CHAT_PORT:-8083}"
SALON_SIGNALING_PORT="${SALON_SIGNALING_PORT:-8084}"
SALON_SIGNALING_EXTRA_PORTS="${SALON_SIGNALING_EXTRA_PORTS:-}"
SALON_MEDIA_PORT="${SALON_MEDIA_PORT:-8085}"
SALON_PG_PORT="${SALON_PG_PORT:-15432}"
SALON_KAFKA_PORT="${SALON_KAFKA_PORT:-19092}"
SALON_KAFKA_CONTROLLER_PORT="${SALON_KAFKA_CONTROLLER_PORT:-19093}"
SALON_JANUS_WS_PORT="${SALON_JANUS_WS_PORT:-18188}"
SALON_JANUS_ADMIN_PORT="${SALON_JANUS_ADMIN_PORT:-17188}"
SALON_JANUS_RTP_PORTS="${SALON_JANUS_RTP_PORTS:-20000-20999}"
# Interface that Janus gathers ICE candidates on; empty = Janus's own choice (see docs/local-run.md).
SALON_JANUS_ICE_ENFORCE="${SALON_JANUS_ICE_ENFORCE:-}"
# servers bind loopback; only the media tests set the address of their own network namespace (testkit MediaNamespace)
SALON_BIND="${SALON_BIND:-127.0.0.1}"
SALON_SERVICES="auth-service room-service chat-service signaling-service media-gateway"
# One database per service, named after it.
SALON_DATABASES="auth room chat signaling media"

log() { printf '[salon] %s\n' "$*" >&2; }
die() { printf '[salon] error: %s\n' "$*" >&2; exit 1; }

ensure_dirs() { mkdir -p "$SALON_DATA_DIR" "$SALON_LOG_DIR" "$SALON_RUN_DIR" "$SALON_DATA_DIR/secrets"; chmod 700 "$SALON_DATA_DIR/secrets"; }

# A secret generated once per data folder, so that nothing secret is committed or shared between installs.
secret() {
  local file="$SALON_DATA_DIR/secrets/$1"
  if [ ! -s "$file" ]; then
    ensure_dirs
    (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$file")
  fi
  cat "$file"
}

port_in_use() { (exec 3<>"/dev/tcp/$SALON_BIND/$1") 2>/dev/null; }

# Fails fast, naming the port, when something else already listens on it.
require_free_port() {
  local name="$1" port="$2"
  if port_in_use "$port"; then
    die "port $port ($name) is already in use on $SALON_BIND; free it or set the matching SALON_*_PORT variable"
  fi
}

wait_for_port() {
  local name="$1" port="$2" pid="$3" deadline=$((SECONDS + ${4:-60}))
  until port_in_use "$port"; do
    kill -0 "$pid" 2>/dev/null || die "$name exited during start; see $SALON_LOG_DIR/$name.log"
    [ $SECONDS -lt $deadline ] || die "$name did not open port $port in time; see $SALON_LOG_DIR/$name.log"
    sleep 0.2
  done
}

pid_file() { echo "$SALON_RUN_DIR/$1.pid"; }

# The pid of a component this launcher started, if it still runs (and is still that program).
running_pid() {
  local file pid
  file="$(pid_file "$1")"
  [ -f "$file" ] || return 1
  pid="$(cat "$file")"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -qa -- "$(cat "$file.cmd" 2>/dev/null || echo '?')" "/proc/$pid/cmdline" 2>/dev/null; then
    echo "$pid"
  else
    return 1
  fi
}

# Starts a command in the background with its own log; remembers its pid and a word of its command line.
spawn() {
  local name="$1" marker="$2"; shift 2
  ensure_dirs
  setsid "$@" >>"$SALON_LOG_DIR/$name.log" 2>&1 < /dev/null &
  local pid=$!
  echo "$pid" > "$(pid_file "$name")"
  echo "$marker" > "$(pid_file "$name").cmd"
  echo "$pid"
}

stop_component() {
  local name="$1" signal="${2:-TERM}" pid
  if pid="$(running_pid "$name")"; then
    kill "-$signal" "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 20))
    while kill -0 "$pid" 2>/dev/null; do
      if [ $SECONDS -ge $deadline ]; then kill -KILL "$pid" 2>/dev/null || true; fi
      sleep 0.1
    done
    log "$name stopped"
  fi
  rm -f "$(pid_file "$name")" "$(pid_file "$name").cmd"
}

as_root() { [ "$(id -u)" = 0 ]; }
