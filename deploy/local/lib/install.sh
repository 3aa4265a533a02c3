# What Salon needs on a Debian/Ubuntu machine, installed with apt when run as root.
# shellcheck shell=bash

SALON_PACKAGES="postgresql nginx-light janus curl unzip iproute2 nftables util-linux chromium chromium-driver"
# what a caller needs besides (bench/run: prosody, the peer of the chat fan-out comparison)
SALON_PACKAGES="$SALON_PACKAGES ${SALON_EXTRA_PACKAGES:-}"

missing_packages() {
  local p missing=""
  for p in $SALON_PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
  command -v npm >/dev/null || missing="$missing nodejs npm"
  command -v mvn >/dev/null || [ -x "${MAVEN_USER_HOME:-$HOME/.m2}/wrapper/apache-maven-$(cat "$SALON_ROOT/.mvn/maven.version")/bin/mvn" ] || missing="$missing maven"
  echo "$missing"
}

install_packages() {
  local missing
  missing="$(missing_packages)"
  [ -n "$missing" ] || { log "all packages present"; return 0; }
  as_root || die "missing Debian packages:$missing; install them with: sudo apt-get install$missing"
  log "installing:$missing"
  apt-get update -qq >/dev/null
  # Debian starts a packaged server as it installs it, on every address; Salon runs its own on loopback, so none
  # may start (policy-rc.d refuses, for the install's length, unless the machine has its own policy)
  local policy=/usr/sbin/policy-rc.d own_policy=""
  if [ -e "$policy" ]; then own_policy=1; else printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; fi
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >>"$SALON_LOG_DIR/install.log" 2>&1 \
    || { [ -n "$own_policy" ] || rm -f "$policy"; die "apt-get install failed; see $SALON_LOG_DIR/install.log"; }
  [ -n "$own_policy" ] || rm -f "$policy"
  # a machine's own policy may have let them start: stop them
  local svc
  [ -z "$own_policy" ] || for svc in nginx janus postgresql prosody; do service "$svc" stop >/dev/null 2>&1 || true; done
}

install_check() { ensure_dirs; install_packages; }
