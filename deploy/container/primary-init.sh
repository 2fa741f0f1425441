#!/bin/bash
# The primary's first start (docker-entrypoint-initdb.d): a role for the standby's pg_basebackup and streaming, and
# the pg_hba line that lets it in from the compose network.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v password="$REPLICATION_PASSWORD" <<'SQL'
create role replicator with replication login password :'password';
SQL
echo "host replication replicator all scram-sha-256" >>"$PGDATA/pg_hba.conf"
