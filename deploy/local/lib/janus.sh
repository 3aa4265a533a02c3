# Janus (Debian package) with our own configuration folder; its APIs listen on loopback only.
# shellcheck shell=bash

janus_start() {
  local conf="$SALON_RUN_DIR/janus" enforce="" pid
  command -v janus >/dev/null || die "Janus is not installed (Debian package 'janus'); run 'deploy/local/salon install' as root"
  running_pid janus >/dev/null && { log "janus already running"; return 0; }
  require_free_port janus "$SALON_JANUS_WS_PORT"
  require_free_port janus-admin "$SALON_JANUS_ADMIN_PORT"
  [ -z "$SALON_JANUS_ICE_ENFORCE" ] || enforce="ice_enforce_list = \"$SALON_JANUS_ICE_ENFORCE\""
  mkdir -p "$conf"
  local f
  for f in "$SALON_ROOT"/deploy/local/conf/janus/*.jcfg; do
    sed -e "s|@CONF@|$conf|g" -e "s|@BIND@|$SALON_BIND|g" -e "s|@WS_PORT@|$SALON_JANUS_WS_PORT|g" \
        -e "s|@ADMIN_PORT@|$SALON_JANUS_ADMIN_PORT|g" -e "s|@RTP_PORTS@|$SALON_JANUS_RTP_PORTS|g" \
        -e "s|@ICE_ENFORCE@|$enforce|g" -e "s|@NAME@|salon-janus-$SALON_JANUS_WS_PORT|g" \
        -e "s|@API_SECRET@|$(secret janus-api-secret)|g" -e "s|@ADMIN_SECRET@|$(secret janus-admin-secret)|g" \
        "$f" > "$conf/$(basename "$f")"
  done
  pid="$(spawn janus "$conf/janus.jcfg" janus -F "$conf" -C "$conf/janus.jcfg")"
  wait_for_port janus "$SALON_JANUS_WS_PORT" "$pid" 30
  log "janus ready on ws://$SALON_BIND:$SALON_JANUS_WS_PORT"
}

janus_stop() { stop_component janus TERM; }
