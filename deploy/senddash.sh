#!/usr/bin/env bash
# deploy/senddash.sh VERB [ARGS...] — the app's verbs against the run script's database.
#
#   db-url            print a libpq URI for the database:  psql "$(deploy/senddash.sh db-url)"
#   db-start          start the private PostgreSQL cluster (initialising it the first time)
#   db-stop           stop the private PostgreSQL cluster
#   db-status         say whether the private cluster is running
#   <verb> [args...]  build the app if needed, then run `dotnet SendDashboard.dll <verb> [args...]`
#                     (migrate, seed, import, imports, revert, export, ...; bench runs the benchmarks exe)
#
# SENDDASH_DB (an Npgsql connection string) replaces the private cluster, as in deploy/run.sh.
set -euo pipefail

# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT=$(repo_root)

usage() {
    sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# The app's connection string (Npgsql format); starts the private cluster unless SENDDASH_DB is set.
app_conn() {
    if [[ -n ${SENDDASH_DB:-} ]]; then
        printf '%s\n' "$SENDDASH_DB"
    else
        run_cluster_up "$ROOT"
        run_npgsql_conn
    fi
}

# Builds the app unless its dll is newer than every source file.
build_if_needed() {
    local dll newer
    dll=$(app_dll "$ROOT")
    if [[ -f $dll ]]; then
        newer=$(find "$ROOT/src" "$ROOT/Directory.Build.props" "$ROOT/Directory.Packages.props" "$ROOT/global.json" \
            \( -name bin -o -name obj -o -name node_modules -o -path '*/wwwroot/css' -o -path '*/wwwroot/lib' \) -prune \
            -o -type f -newer "$dll" -print -quit 2>/dev/null || true)
        [[ -z $newer ]] && return 0
        log "sources changed since the last build ($newer); rebuilding"
    else
        log "app not built yet; building"
    fi
    dotnet build "$ROOT/src/SendDashboard/SendDashboard.csproj" -c Release -v q -nologo || die "build failed"
    [[ -f $dll ]] || die "build succeeded but $dll is missing"
}

VERB=${1:-}
[[ $# -gt 0 ]] && shift

case $VERB in
    "" | -h | --help | help)
        usage
        [[ -n $VERB ]] || exit 2
        ;;
    db-url)
        if [[ -n ${SENDDASH_DB:-} ]]; then
            npgsql_to_libpq "$SENDDASH_DB"
        else
            run_cluster_up "$ROOT"
            run_libpq_uri
        fi
        ;;
    db-start)
        [[ -z ${SENDDASH_DB:-} ]] || warn "SENDDASH_DB is set, so the app does not use the private cluster; starting it anyway"
        run_cluster_up "$ROOT"
        log "private cluster running on 127.0.0.1:$RUN_PORT (data $RUN_PGDATA)"
        ;;
    db-stop | db-status)
        PG_BIN=$(_find_pg_bin || true)
        run_cluster_paths "$ROOT"
        if [[ -z $PG_BIN ]] || ! cluster_running "$RUN_PGDATA"; then
            log "private cluster is not running (data $RUN_PGDATA)"
            [[ $VERB == db-stop ]] || exit 3
        elif [[ $VERB == db-stop ]]; then
            log "stopping the private cluster (data $RUN_PGDATA)"
            stop_cluster "$RUN_PGDATA" fast
            log "stopped"
        else
            log "private cluster running on 127.0.0.1:$(cluster_port "$RUN_PGDATA") (data $RUN_PGDATA)"
        fi
        ;;
    bench)
        # Benchmarks live in their own executable (tests/SendDashboard.Benchmarks references the app; the app cannot
        # reference it), so `bench` runs that one instead of the app dll, with the same environment.
        ensure_dotnet_node
        CONN=$(app_conn)
        cd "$ROOT"
        dotnet build "$ROOT/tests/SendDashboard.Benchmarks/SendDashboard.Benchmarks.csproj" -c Release -v q -nologo >&2 || die "build failed"
        app_env "$ROOT" "$CONN"
        exec dotnet "$ROOT/tests/SendDashboard.Benchmarks/bin/Release/net10.0/SendDashboard.Benchmarks.dll" "$@"
        ;;
    *)
        ensure_dotnet_node
        CONN=$(app_conn)
        cd "$ROOT"
        build_if_needed
        app_env "$ROOT" "$CONN"
        export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
        exec dotnet "$(app_dll "$ROOT")" "$VERB" "$@"
        ;;
esac
