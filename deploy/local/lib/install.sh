# What Salon needs on a Debian/Ubuntu machine, installed with apt when run as root.
# shellcheck shell=bash

SALON_PACKAGES="postgresql nginx-light janus curl unzip iproute2 nftables util-linux chromium chromium-driver"

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
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >>"$SALON_LOG_DIR/install.log" 2>&1 \
    || die "apt-get install failed; see $SALON_LOG_DIR/install.log"
  # Debian starts the packaged servers; Salon runs its own, so the system ones must not hold our ports.
  local svc
  for svc in nginx janus postgresql; do service "$svc" stop >/dev/null 2>&1 || true; done
}

install_check() { ensure_dirs; install_packages; }
