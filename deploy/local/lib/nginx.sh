# The gateway: Debian's nginx with our own configuration, on loopback.
# shellcheck shell=bash

web_root() { echo "${SALON_WEB_ROOT:-$SALON_ROOT/web/target/dist}"; }

nginx_start() {
  local conf="$SALON_RUN_DIR/nginx.conf" user="" servers="" port pid
  command -v nginx >/dev/null || die "nginx is not installed (Debian package 'nginx-light'); run 'deploy/local/salon install' as root"
  running_pid nginx >/dev/null && { log "nginx already running"; return 0; }
  require_free_port gateway "$SALON_GATEWAY_PORT"
  # as root, nginx's workers would otherwise run as 'nobody', who may not read the web client's files
  as_root && user="user root;"
  for port in $SALON_SIGNALING_PORT $SALON_SIGNALING_EXTRA_PORTS; do servers="$servers server $SALON_BIND:$port;"; done
  mkdir -p "$SALON_RUN_DIR/nginx-tmp"
  sed -e "s|@RUN@|$SALON_RUN_DIR|g" -e "s|@LOGS@|$SALON_LOG_DIR|g" -e "s|@USER@|$user|g" -e "s|@BIND@|$SALON_BIND|g" \
      -e "s|@GATEWAY_PORT@|$SALON_GATEWAY_PORT|g" -e "s|@AUTH_PORT@|$SALON_AUTH_PORT|g" -e "s|@ROOM_PORT@|$SALON_ROOM_PORT|g" \
      -e "s|@CHAT_PORT@|$SALON_CHAT_PORT|g" -e "s|@SIGNALING_SERVERS@|$servers|g" -e "s|@WEB@|$(web_root)|g" -e "s|@ROOT@|$SALON_ROOT|g" \
      "$SALON_ROOT/deploy/local/conf/nginx.conf" > "$conf"
  nginx -t -q -c "$conf" -e "$SALON_LOG_DIR/nginx-error.log" 2>>"$SALON_LOG_DIR/nginx.log" || die "nginx configuration invalid; see $SALON_LOG_DIR/nginx.log"
  pid="$(spawn nginx "$conf" nginx -c "$conf" -e "$SALON_LOG_DIR/nginx-error.log" -g 'daemon off;')"
  wait_for_port nginx "$SALON_GATEWAY_PORT" "$pid" 20
  log "gateway ready on http://$SALON_BIND:$SALON_GATEWAY_PORT"
}

nginx_stop() { stop_component nginx QUIT; }
