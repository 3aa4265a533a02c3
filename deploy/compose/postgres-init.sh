#!/bin/sh
# Runs once, when compose's PostgreSQL starts on an empty volume: a database and a role per service, as the
# local launcher makes them (one password for the roles: SALON_DB_PASSWORD).
set -eu
for db in auth room chat signaling media; do
  psql -v ON_ERROR_STOP=1 -U postgres -c "create role salon_$db login password '$SALON_DB_PASSWORD'" \
    -c "create database salon_$db owner salon_$db"
done
