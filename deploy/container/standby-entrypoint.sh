#!/bin/bash
# The standby's entrypoint (compose.yaml): an empty data directory is made into a copy of the primary with
# pg_basebackup -R (which writes standby.signal and primary_conninfo), then PostgreSQL runs as a hot standby that
# streams from the primary. A data directory that already holds a cluster is started as it is. Arguments are passed on
# to postgres.
set -euo pipefail
: "${PGDATA:=/var/lib/postgresql/data}" "${PRIMARY_PORT:=5432}"
if [[ ! -s $PGDATA/PG_VERSION ]]; then
    until pg_isready -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -q; do
        echo "waiting for the primary ($PRIMARY_HOST)"
        sleep 2
    done
    echo "copying the primary with pg_basebackup -R"
    PGPASSWORD=$REPLICATION_PASSWORD pg_basebackup -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U replicator -D "$PGDATA" \
        -R -X stream --checkpoint=fast --progress
    chmod 700 "$PGDATA"
fi
exec postgres -c hot_standby=on "$@"
