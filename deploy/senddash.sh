#!/usr/bin/env bash
# deploy/senddash.sh [--demo] VERB [ARGS...] — the app's verbs against the run script's database.
#
#   db-url                 print a libpq URI for the database:  psql "$(deploy/senddash.sh db-url)"
#   db-start | db-stop     start (initialising it the first time) or stop the private PostgreSQL cluster
#   db-status              say whether the private cluster is running
#   migrate                apply the database migrations
#   seed                   migrate, then load seed-data/ once (demo rows only on the demo database)
#   create-admin EMAIL     make an administrator [--name NAME] [--generate]: the first account on a real database
#   import FILE --dataset KEY [--meta META] [--create …] [--dry-run]    import a return
#   imports KEY            list a dataset's versions
#   revert IMPORT_ID       take an import out of use, restore the version before it
#   export KEY [--out DIR] write a dataset's live version as an EES data CSV and meta CSV
#   api-token create USER --datasets KEY[,KEY] | list | revoke ID
#   demo-users             list the demo sign-ins (demo database only)
#   meetings               list board meetings: id, board, date, status, items
#   pack ID --format pptx|pdf|docx|md --out FILE   write a published meeting's pack or minutes
#   bench ingest|dashboard|pack   benchmarks (see the README)
#   add-migration NAME     developers: scaffold an EF Core migration
#
# Without SENDDASH_DB the verbs use the private cluster (started when needed), the demo database: a verb run before
# deploy/run.sh migrates and seeds it first. SENDDASH_DB (an Npgsql connection string) names a real database instead:
# Production, no demo rows, no demo accounts, unless --demo.
set -euo pipefail

# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT=$(repo_root)

usage() {
    sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
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

DEMO=
if [[ ${1:-} == --demo ]]; then
    DEMO=1
    shift
fi
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
    migrate | seed | create-admin | import | imports | revert | export | api-token | demo-users | add-migration | meetings | pack)
        ensure_dotnet_node
        CONN=$(app_conn)
        cd "$ROOT"
        build_if_needed
        app_env "$ROOT" "$CONN"
        if [[ -n ${SENDDASH_DB:-} ]]; then app_mode "" "$DEMO"; else app_mode 1 "$DEMO"; fi
        exec dotnet "$(app_dll "$ROOT")" "$VERB" "$@"
        ;;
    *)
        die "unknown verb '$VERB'; deploy/senddash.sh help lists them"
        ;;
esac
