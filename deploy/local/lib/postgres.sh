# PostgreSQL from Debian's package, as our own cluster in our data folder, listening on loopback only.
# shellcheck shell=bash

pg_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$dir" ] || die "PostgreSQL is not installed (Debian package 'postgresql'); run 'deploy/local/salon install' as root"
  echo "$dir"
}

# PostgreSQL refuses to run as root. As root we run it in a user namespace of its own (`unshare -U`),
# where it sees an unprivileged id that owns its data folder, without needing a system account.
pg_wrap() { if as_root; then echo "unshare -U"; fi; }

postgres_start() {
  local bin data="$SALON_DATA_DIR/postgres" pid
  bin="$(pg_bin)"
  running_pid postgres >/dev/null && { log "postgres already running"; return 0; }
  require_free_port postgres "$SALON_PG_PORT"
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    secret postgres-password > "$SALON_RUN_DIR/pgpass.tmp"
    $(pg_wrap) "$bin/initdb" -D "$data" -U postgres -A scram-sha-256 --pwfile="$SALON_RUN_DIR/pgpass.tmp" -E UTF8 --locale=C.UTF-8 \
      >>"$SALON_LOG_DIR/postgres.log" 2>&1 || { rm -f "$SALON_RUN_DIR/pgpass.tmp"; die "initdb failed; see $SALON_LOG_DIR/postgres.log"; }
    rm -f "$SALON_RUN_DIR/pgpass.tmp"
  fi
  pid="$(spawn postgres "$data" env LC_ALL=C.UTF-8 $(pg_wrap) "$bin/postgres" -D "$data" -c listen_addresses="$SALON_BIND" -c port="$SALON_PG_PORT" \
    -c unix_socket_directories= -c max_connections=200 -c fsync=on)"
  wait_for_port postgres "$SALON_PG_PORT" "$pid" 60
  postgres_provision
  log "postgres ready on $SALON_BIND:$SALON_PG_PORT"
}

psql_admin() {
  PGPASSWORD="$(secret postgres-password)" psql -h "$SALON_BIND" -p "$SALON_PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"
}

# One role and one database per service, each with its own generated password.
postgres_provision() {
  local db pw tries=0
  until psql_admin -c 'select 1' >/dev/null 2>&1; do
    tries=$((tries + 1)); [ $tries -lt 100 ] || die "postgres does not accept connections; see $SALON_LOG_DIR/postgres.log"
    sleep 0.1
  done
  for db in $SALON_DATABASES; do
    pw="$(secret "db-$db-password")"
    if [ -z "$(psql_admin -c "select 1 from pg_roles where rolname='salon_$db'")" ]; then
      psql_admin -c "create role salon_$db login password '$pw'" >/dev/null
    fi
    if [ -z "$(psql_admin -c "select 1 from pg_database where datname='salon_$db'")" ]; then
      psql_admin -c "create database salon_$db owner salon_$db" >/dev/null
    fi
  done
}

postgres_stop() { stop_component postgres INT; }
