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
#   bench load             wrk and Playwright against deploy/scale.sh up 2 (SENDDASH_BENCH_SECONDS, default 30)
#   backup FILE            pg_dump (custom format) of the app database: every figure, version, audit row, evidence file
#   restore FILE [--db NAME]   pg_restore FILE into an empty database only (--db: a new or empty database on the same server)
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
    sed -n '2,26p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
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

# The database's libpq connection string (keywords or a URI), with the database replaced when NAME is given.
libpq_conn() {
    local name=${1:-} conn
    if [[ -n ${SENDDASH_DB:-} ]]; then
        conn=$(npgsql_to_libpq "$SENDDASH_DB")
    else
        run_cluster_up "$ROOT"
        conn=$(run_libpq_uri)
    fi
    if [[ -n $name ]]; then
        if [[ $conn == postgres://* || $conn == postgresql://* ]]; then
            conn=$(printf '%s\n' "$conn" | sed -E "s#^(postgres(ql)?://[^/]*)(/[^?]*)?#\1/$name#")
        else
            conn+=" dbname='$name'"   # the last dbname given wins
        fi
    fi
    printf '%s\n' "$conn"
}

# check_client_version CONN — pg_dump/pg_restore must be at least the server's major version.
check_client_version() {
    local server client
    server=$(PGCONNECT_TIMEOUT=10 "$PG_BIN/psql" -X -tA -d "$1" -c 'show server_version_num') \
        || die "cannot connect to the database ($(shown_conn "$1"))"
    client=$("$PG_BIN/pg_dump" --version | grep -oE '[0-9]+' | head -n 1)
    ((client >= server / 10000)) \
        || die "the server is PostgreSQL $((server / 10000)) but $PG_BIN/pg_dump is $client: install the PostgreSQL $((server / 10000)) client (or newer) and retry"
}

# user_tables CONN — how many tables, sequences and views the database holds outside the system schemas.
user_tables() {
    PGCONNECT_TIMEOUT=10 "$PG_BIN/psql" -X -tA -d "$1" -c "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'"
}

file_size() { stat -c %s "$1"; }

# shown_conn CONN — a libpq connection string or URI fit to print: no password.
shown_conn() {
    printf '%s\n' "$1" | sed -E "s/password='([^'\\\\]|\\\\.)*' ?//I; s#(://[^:/@]+):[^@/]*@#\\1@#"
}

# elapsed_s T0 — seconds (one decimal) since T0 (date +%s%N).
elapsed_s() {
    local ms=$((($(date +%s%N) - $1) / 1000000))
    printf '%d.%d\n' $((ms / 1000)) $((ms % 1000 / 100))
}

# backup FILE — the whole app database in pg_dump's custom format (compressed; pg_restore can list and pick from it).
# Everything the app keeps is in the database: figures (one partition per import), every import version and its errors,
# the audit trail, evidence documents (evidence_files), accounts and the Data Protection key ring. No upload is kept on
# disk (a file is streamed into its figures and its SHA-256), so there is nothing else to copy.
do_backup() {
    local file=${1:-} conn t0 tmp
    [[ -n $file && $# -eq 1 ]] || die "usage: deploy/senddash.sh backup FILE"
    [[ ! -e $file ]] || die "$file already exists: name a new file (a backup never overwrites one)"
    [[ -d $(dirname "$file") ]] || die "the folder of $file does not exist"
    ensure_postgres
    conn=$(libpq_conn)
    check_client_version "$conn"
    t0=$(date +%s%N)
    tmp="$file.partial"
    # Written to a temporary name first, so a failed or interrupted dump never looks like a backup.
    PGCONNECT_TIMEOUT=10 "$PG_BIN/pg_dump" --format=custom --compress=6 --file="$tmp" --dbname="$conn" \
        || { rm -f "$tmp"; die "pg_dump failed ($(shown_conn "$conn")); nothing was written"; }
    mv "$tmp" "$file"
    log "backed up $(shown_conn "$conn") to $file: $(file_size "$file") bytes in $(elapsed_s "$t0") s"
}

# restore FILE [--db NAME] — into an empty database only: the private cluster's (or SENDDASH_DB's) database, or with
# --db a database of that name on the same server, created when missing.
do_restore() {
    local file='' name='' conn admin t0 tables
    while (($#)); do
        case $1 in
            --db) [[ $# -ge 2 ]] || die "--db needs a database name"; name=$2; shift 2 ;;
            -*) die "unknown option '$1'; usage: deploy/senddash.sh restore FILE [--db NAME]" ;;
            *) [[ -z $file ]] || die "usage: deploy/senddash.sh restore FILE [--db NAME]"; file=$1; shift ;;
        esac
    done
    [[ -n $file ]] || die "usage: deploy/senddash.sh restore FILE [--db NAME]"
    [[ -f $file ]] || die "there is no file $file"
    [[ -z $name || $name =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]] || die "--db '$name': use letters, digits and underscores only"
    ensure_postgres
    "$PG_BIN/pg_restore" --list "$file" >/dev/null 2>&1 || die "$file is not a backup made by deploy/senddash.sh backup (pg_dump custom format)"
    if [[ -n $name ]]; then
        admin=$(libpq_conn postgres)
        check_client_version "$admin"
        if [[ $(PGCONNECT_TIMEOUT=10 "$PG_BIN/psql" -X -tA -d "$admin" -c "select 1 from pg_database where datname = '$name'") != 1 ]]; then
            log "creating database $name"
            "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$admin" -c "create database \"$name\"" || die "could not create database $name"
        fi
    fi
    conn=$(libpq_conn "$name")
    check_client_version "$conn"
    tables=$(user_tables "$conn") || die "cannot read the database ($(shown_conn "$conn"))"
    ((tables == 0)) || die "the database ($(shown_conn "$conn")) already holds $tables tables, views or sequences: a backup is restored only into an empty database (use --db NEW_NAME for a new one)"
    t0=$(date +%s%N)
    # One transaction: a failure leaves the database empty again. Owners and grants are the target's own.
    "$PG_BIN/pg_restore" --single-transaction --exit-on-error --no-owner --no-privileges --dbname="$conn" "$file" \
        || die "pg_restore failed; the database was left empty"
    log "restored $file ($(file_size "$file") bytes) into $(shown_conn "$conn") in $(elapsed_s "$t0") s"
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
        # The load benchmark drives running instances from outside (wrk, Chromium): a script, not the benchmark dll.
        [[ ${1:-} == load ]] && exec bash "$ROOT/deploy/bench-load.sh" "${@:2}"
        # Benchmarks live in their own executable (tests/SendDashboard.Benchmarks references the app; the app cannot
        # reference it), so `bench` runs that one instead of the app dll, with the same environment.
        ensure_dotnet_node
        CONN=$(app_conn)
        cd "$ROOT"
        dotnet build "$ROOT/tests/SendDashboard.Benchmarks/SendDashboard.Benchmarks.csproj" -c Release -v q -nologo >&2 || die "build failed"
        app_env "$ROOT" "$CONN"
        exec dotnet "$ROOT/tests/SendDashboard.Benchmarks/bin/Release/net10.0/SendDashboard.Benchmarks.dll" "$@"
        ;;
    backup) do_backup "$@" ;;
    restore) do_restore "$@" ;;
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
