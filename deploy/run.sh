#!/usr/bin/env bash
# deploy/run.sh [--demo] — runs SendDashboard: installs PostgreSQL if missing, starts a private cluster under .data/
# (or uses SENDDASH_DB), builds, migrates and seeds (once), then serves on http://127.0.0.1:${SENDDASH_PORT:-5080}.
#
# The private cluster is the demo database: Development, fictional demo rows and demo accounts (public password).
# With SENDDASH_DB the app runs as Production (unless ASPNETCORE_ENVIRONMENT says otherwise) and the seed loads only
# reference and published data; no account exists until `deploy/senddash.sh create-admin EMAIL`. --demo loads the
# demo rows and accounts into that database too.
#
# Environment:
#   SENDDASH_DB    an Npgsql connection string to use instead of the private cluster
#   SENDDASH_PORT  HTTP port (default 5080)
#
# Safe to run again: an existing cluster is reused (never re-initialised), data is never dropped.
# The cluster keeps running after the app stops; `deploy/senddash.sh db-stop` stops it.
set -euo pipefail

# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT=$(repo_root)
cd "$ROOT"

DEMO=
for arg in "$@"; do
    case $arg in
        --demo) DEMO=1 ;;
        -h | --help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option '$arg' (deploy/run.sh [--demo])" ;;
    esac
done

HTTP_PORT=${SENDDASH_PORT:-5080}
[[ $HTTP_PORT =~ ^[0-9]+$ ]] || die "SENDDASH_PORT must be a port number, got '$HTTP_PORT'"

ensure_dotnet_node
ensure_libreoffice   # board packs as PDF
port_is_free "$HTTP_PORT" || die "port $HTTP_PORT on 127.0.0.1 is already in use (another run.sh?); stop it or set SENDDASH_PORT"

if [[ -n ${SENDDASH_DB:-} ]]; then
    log "using the database in SENDDASH_DB (no private cluster)"
    CONN=$SENDDASH_DB
    PRIVATE=
else
    run_cluster_up "$ROOT"
    CONN=$(run_npgsql_conn)
    PRIVATE=1
fi

log "building the app (dotnet build src/SendDashboard -c Release)"
t0=$(now_s)
dotnet build src/SendDashboard/SendDashboard.csproj -c Release -v q -nologo || die "build failed"
log "built in $(($(now_s) - t0)) s"

DLL=$(app_dll "$ROOT")
[[ -f $DLL ]] || die "build succeeded but $DLL is missing"

app_env "$ROOT" "$CONN"
app_mode "$PRIVATE" "$DEMO"

log "migrating and seeding (first run only)"
dotnet "$DLL" seed || die "migrate/seed failed (dotnet $DLL seed)"

URL="http://127.0.0.1:$HTTP_PORT"
cat <<EOF

================================================================================
 SendDashboard is starting at  $URL
 Database: $(redact_conn "$CONN")
EOF
if [[ -n $PRIVATE ]]; then
    cat <<EOF
           private PostgreSQL cluster in $RUN_PGDATA (password in $RUN_PWFILE)
           psql:  psql "\$(deploy/senddash.sh db-url)"
           stop:  deploy/senddash.sh db-stop   (it keeps running after Ctrl-C; the next run reuses it)
EOF
fi
echo
case $SD_MODE in
    external)
        cat <<EOF
 Environment: $ASPNETCORE_ENVIRONMENT. No demo data and no demo accounts on this database.
 First administrator:  deploy/senddash.sh create-admin EMAIL   (with the same SENDDASH_DB)
EOF
        ;;
    external-demo)
        echo " DEMO DATA ON AN EXTERNAL DATABASE (--demo): fictional rows, and demo accounts whose password is public."
        dotnet "$DLL" demo-users || die "could not list the demo sign-ins"
        ;;
    *)
        dotnet "$DLL" demo-users || die "could not list the demo sign-ins"
        ;;
esac
cat <<EOF

 Press Ctrl-C to stop the app.
================================================================================

EOF

exec dotnet "$DLL" serve --urls "$URL"
