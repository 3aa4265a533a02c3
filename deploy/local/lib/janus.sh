# Janus (Debian package) with our own configuration folder; its APIs listen on loopback only.
# shellcheck shell=bash

janus_start() {
  local conf="$SALON_RUN_DIR/janus" pid
  command -v janus >/dev/null || die "Janus is not installed (Debian package 'janus'); run 'deploy/local/salon install' as root"
  running_pid janus >/dev/null && { log "janus already running"; return 0; }
  require_free_port janus "$SALON_JANUS_WS_PORT"
  require_free_port janus-admin "$SALON_JANUS_ADMIN_PORT"
  JANUS_BIND="$SALON_BIND" JANUS_WS_PORT="$SALON_JANUS_WS_PORT" JANUS_ADMIN_PORT="$SALON_JANUS_ADMIN_PORT" \
    JANUS_RTP_PORTS="$SALON_JANUS_RTP_PORTS" JANUS_ICE_ENFORCE="$SALON_JANUS_ICE_ENFORCE" \
    JANUS_NAME="salon-janus-$SALON_JANUS_WS_PORT" JANUS_API_SECRET="$(secret janus-api-secret)" \
    JANUS_ADMIN_SECRET="$(secret janus-admin-secret)" "$SALON_ROOT/deploy/janus/render-config" "$conf"
  pid="$(spawn janus "$conf/janus.jcfg" janus -F "$conf" -C "$conf/janus.jcfg")"
  wait_for_port janus "$SALON_JANUS_WS_PORT" "$pid" 30
  log "janus ready on ws://$SALON_BIND:$SALON_JANUS_WS_PORT"
}

janus_stop() { stop_component janus TERM; }
