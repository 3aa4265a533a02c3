# Running the whole stack inside a network namespace of its own, so that real WebRTC media between Janus and
# browsers started in the same namespace never leaves it. Janus ignores loopback when gathering ICE
# candidates, so the namespace gets a veth pair and Janus is told to use it (see docs/local-run.md).
# shellcheck shell=bash

SALON_NETNS_ADDR="${SALON_NETNS_ADDR:-10.77.0.1/30}"

netns_create() {
  local ns="$1"
  as_root || die "--netns needs root (it uses 'ip netns'); run as root or without --netns"
  command -v ip >/dev/null || die "'ip' is missing (Debian package 'iproute2')"
  if ! ip netns list | grep -qw "^$ns"; then
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    ip -n "$ns" link add veth0 type veth peer name veth1
    ip -n "$ns" addr add "$SALON_NETNS_ADDR" dev veth0
    ip -n "$ns" link set veth0 up
    ip -n "$ns" link set veth1 up
  fi
  ensure_dirs
  echo "$ns" > "$SALON_RUN_DIR/netns"
}

# Re-runs this launcher inside the namespace; never returns.
netns_enter() {
  local ns="$1"; shift
  netns_create "$ns"
  log "running inside network namespace $ns (enter it with: ip netns exec $ns <command>)"
  exec ip netns exec "$ns" env SALON_NETNS_INSIDE="$ns" SALON_JANUS_ICE_ENFORCE=veth0 "$SALON_ROOT/deploy/local/salon" "$@"
}

netns_remove() {
  local file="$SALON_RUN_DIR/netns" ns
  [ -f "$file" ] || return 0
  ns="$(cat "$file")"
  if [ -z "${SALON_NETNS_INSIDE:-}" ] && ip netns list 2>/dev/null | grep -qw "^$ns"; then
    ip netns del "$ns" && log "network namespace $ns removed"
  fi
  rm -f "$file"
}
