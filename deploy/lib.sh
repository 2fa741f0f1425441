# shellcheck shell=bash
# Shared functions for deploy/run.sh, deploy/test.sh and deploy/senddash.sh. Source it; don't run it.
#
# Conventions: messages go to stderr (stdout stays clean for values such as `senddash.sh db-url`),
# paths are absolute, and PostgreSQL programs run through pg_run, which switches to the `postgres`
# user when we are root (PostgreSQL refuses to run as root).

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

SD_DB_USER=senddash
SD_DB_NAME=senddash
SD_DEFAULT_DB_PORT=55432

log()  { printf '[senddash] %s\n' "$*" >&2; }
warn() { printf '[senddash] WARNING: %s\n' "$*" >&2; }
die()  { printf '[senddash] ERROR: %s\n' "$*" >&2; exit 1; }

# Absolute path of the repository (the parent of deploy/).
repo_root() {
    (cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
}

is_root() { [[ $EUID -eq 0 ]]; }

# Seconds since the epoch, for elapsed-time reports.
now_s() { date +%s; }

# ---------------------------------------------------------------------------------------------
# Prerequisites and installs
# ---------------------------------------------------------------------------------------------

ensure_dotnet_node() {
    local missing=()
    command -v dotnet >/dev/null 2>&1 || missing+=("dotnet (the .NET 10 SDK)")
    command -v node >/dev/null 2>&1 || missing+=("node")
    command -v npm >/dev/null 2>&1 || missing+=("npm")
    if ((${#missing[@]})); then
        die "missing prerequisite(s): ${missing[*]}. These are not installed by the scripts; install them and retry."
    fi
}

_SD_APT_UPDATED=
# apt_install PACKAGE... — installs Debian packages, as root or through sudo; `apt-get update` once.
apt_install() {
    local sudo=() aptlog rc=0
    if ! is_root; then
        command -v sudo >/dev/null 2>&1 || die "need to install '$*' but not root and sudo is not available; install it (apt-get install $*) and retry"
        sudo=(sudo)
    fi
    command -v apt-get >/dev/null 2>&1 || die "need to install '$*' but apt-get is not available"
    aptlog=$(mktemp /tmp/senddash-apt.XXXXXX)
    if [[ -z $_SD_APT_UPDATED ]]; then
        log "apt-get update"
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$aptlog" 2>&1 \
            || { tail -n 20 "$aptlog" >&2; warn "apt-get update failed; trying the install anyway"; }
        _SD_APT_UPDATED=1
    fi
    log "apt-get install $* (this can take a few minutes)"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >"$aptlog" 2>&1 || rc=$?
    if ((rc != 0)); then
        tail -n 30 "$aptlog" >&2
        rm -f "$aptlog"
        die "apt-get install $* failed (exit $rc)"
    fi
    rm -f "$aptlog"
}

# Newest /usr/lib/postgresql/<version>/bin that has initdb, or nothing.
_find_pg_bin() {
    local d best=
    for d in /usr/lib/postgresql/*/bin; do
        [[ -x $d/initdb && -x $d/pg_ctl && -x $d/psql ]] || continue
        if [[ -z $best ]] || [[ $(printf '%s\n%s\n' "$best" "$d" | sort -V | tail -n 1) == "$d" ]]; then
            best=$d
        fi
    done
    [[ -n $best ]] && printf '%s\n' "$best"
}

# Installs the PostgreSQL server if no initdb is found; exports PG_BIN.
ensure_postgres() {
    PG_BIN=$(_find_pg_bin || true)
    if [[ -z $PG_BIN ]]; then
        log "PostgreSQL server not found under /usr/lib/postgresql; installing it"
        apt_install postgresql
        PG_BIN=$(_find_pg_bin || true)
        [[ -n $PG_BIN ]] || die "installed postgresql but found no /usr/lib/postgresql/*/bin/initdb"
    fi
    if is_root && ! id -u postgres >/dev/null 2>&1; then
        die "running as root but there is no 'postgres' user to run the server as (reinstall the postgresql package)"
    fi
    export PG_BIN
}

# Installs Chromium if missing; exports SENDDASH_CHROMIUM (the browser tests read it).
ensure_chromium() {
    if [[ -n ${SENDDASH_CHROMIUM:-} && -x ${SENDDASH_CHROMIUM:-} ]]; then
        export SENDDASH_CHROMIUM
        return 0
    fi
    if ! command -v chromium >/dev/null 2>&1; then
        log "Chromium not found; installing it"
        apt_install chromium
        command -v chromium >/dev/null 2>&1 || die "installed chromium but 'chromium' is not on PATH"
    fi
    SENDDASH_CHROMIUM=$(command -v chromium)
    export SENDDASH_CHROMIUM
}

# Installs LibreOffice Impress (headless) and poppler-utils if missing; exports SENDDASH_SOFFICE.
# Board packs are turned from PowerPoint into PDF by `soffice --headless --convert-to pdf`;
# pdfinfo/pdftoppm check and picture the pages.
ensure_libreoffice() {
    local missing=()
    command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-impress-nogui)
    command -v pdfinfo >/dev/null 2>&1 || missing+=(poppler-utils)
    if ((${#missing[@]} > 0)); then
        log "${missing[*]} not found; installing"
        apt_install "${missing[@]}"
        command -v soffice >/dev/null 2>&1 || die "installed libreoffice-impress-nogui but 'soffice' is not on PATH"
    fi
    SENDDASH_SOFFICE=$(command -v soffice)
    export SENDDASH_SOFFICE
}

# ---------------------------------------------------------------------------------------------
# Ports
# ---------------------------------------------------------------------------------------------

# Prints a TCP port that is free on 127.0.0.1 right now.
free_port() {
    node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# port_is_free PORT — true if PORT can be bound on 127.0.0.1.
port_is_free() {
    node -e "const s=require('net').createServer();s.once('error',()=>process.exit(1));s.listen(+process.argv[1],'127.0.0.1',()=>s.close(()=>process.exit(0)))" "$1"
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL clusters
# ---------------------------------------------------------------------------------------------

# pg_run PROGRAM ARGS... — runs a PostgreSQL program as the postgres user when root, else as us.
# Runs from / so that a cwd the postgres user cannot enter does not matter (all paths are absolute).
pg_run() {
    if is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        (cd / && "$@")
    fi
}

# Gives a directory (or file) to the user that runs the server.
_pg_own() {
    if is_root; then chown postgres:postgres "$@"; fi
}

# pg_state_base ROOT — sets SD_DATA (ROOT/.data: password, port, results) and SD_PGBASE (the
# directory that holds cluster data and sockets). SD_PGBASE is SD_DATA unless we are root and the
# postgres user cannot reach it, in which case it is /tmp/senddash-<hash of the repo path>.
pg_state_base() {
    local root=$1 hash
    SD_DATA=$root/.data
    mkdir -p "$SD_DATA"
    SD_PGBASE=$SD_DATA
    if is_root; then
        chmod go+x "$SD_DATA"   # traverse only; the files inside keep their own modes
        if ! runuser -u postgres -- test -x "$SD_DATA" 2>/dev/null; then
            hash=$(printf '%s' "$root" | sha256sum | cut -c1-12)
            SD_PGBASE=/tmp/senddash-$hash
            mkdir -p "$SD_PGBASE"
            chmod 755 "$SD_PGBASE"
            log "the postgres user cannot reach $SD_DATA, so PostgreSQL data and sockets live in $SD_PGBASE instead"
        fi
    fi
    export SD_DATA SD_PGBASE
}

# socket_dir PREFERRED NAME — PREFERRED if a socket path in it fits the Unix limit, else a short
# directory under /tmp (named by NAME).
socket_dir() {
    local preferred=$1 name=$2
    # 107 bytes is the limit for sun_path; "/.s.PGSQL.65535" adds 16.
    if (( ${#preferred} + 16 <= 100 )); then
        printf '%s\n' "$preferred"
    else
        printf '/tmp/senddash-%s-%s\n' "$(printf '%s' "$preferred" | sha256sum | cut -c1-10)" "$name"
    fi
}

# _pid_alive PID — true if PID is a live (not zombie) process.
_pid_alive() {
    local state
    [[ $1 =~ ^[0-9]+$ ]] || return 1
    state=$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
    [[ -n $state && $state != Z && $state != X ]]
}

# _pid_is_server PID DATADIR — true if PID is a live process of the server on DATADIR (every
# process of a server has the data directory as its working directory).
_pid_is_server() {
    _pid_alive "$1" && [[ $(readlink "/proc/$1/cwd" 2>/dev/null) == "$(readlink -f "$2")" ]]
}

# cluster_running DATADIR — true if a server is running on DATADIR. (pg_ctl alone would count a
# postmaster.pid whose PID is an unreaped zombie, or was reused by another process, as running.)
cluster_running() {
    [[ -f $1/PG_VERSION ]] || return 1
    pg_run "$PG_BIN/pg_ctl" -D "$1" status >/dev/null 2>&1 || return 1
    _pid_is_server "$(sed -n 1p "$1/postmaster.pid" 2>/dev/null)" "$1"
}

# cluster_port DATADIR — the port of the running server (line 4 of postmaster.pid).
cluster_port() {
    sed -n 4p "$1/postmaster.pid" 2>/dev/null
}

# _psql SOCKETDIR PORT ARGS... — psql as the senddash superuser over the Unix socket.
# Uses PG_PASSWORD when set (scram clusters).
_psql() {
    local sock=$1 port=$2
    shift 2
    PGPASSWORD=${PG_PASSWORD:-} PGCONNECT_TIMEOUT=10 "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
        -h "$sock" -p "$port" -U "$SD_DB_USER" "$@"
}

# _initdb_locale — prints initdb's locale options: C.UTF-8 when the system has it, else C with UTF8.
_initdb_locale() {
    if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
        printf '%s\n' --encoding=UTF8 --locale=C.UTF-8
    else
        printf '%s\n' --encoding=UTF8 --no-locale
    fi
}

# pg_start_server DATADIR SOCKETDIR PORT [EXTRA_SERVER_OPTIONS...] — starts the server on an existing data directory
# (a cluster or a standby) unless it is running: loopback only, its socket in SOCKETDIR, its log in DATADIR.log.
pg_start_server() {
    local data=$1 sock=$2 port=$3
    shift 3
    local extra="$*" logfile="$data.log" pid opts
    mkdir -p "$sock"
    touch "$logfile"
    _pg_own "$sock" "$logfile"
    if cluster_running "$data"; then
        log "PostgreSQL already running on $data (port $(cluster_port "$data"))"
    else
        # pg_ctl hands these to /bin/sh, hence the quotes around the socket directory.
        opts="-p $port -k '$sock' -c listen_addresses=127.0.0.1${extra:+ $extra}"
        log "starting PostgreSQL on 127.0.0.1:$port (data $data)"
        if ! pg_run "$PG_BIN/pg_ctl" -D "$data" -l "$logfile" -o "$opts" -w -t 60 start >/dev/null; then
            # A postmaster.pid left by an unclean stop whose PID now belongs to another process of the
            # same user (or to an unreaped zombie) makes the server refuse to start. If that PID is
            # not this server's, the file is stale: remove it and retry once.
            pid=$(sed -n 1p "$data/postmaster.pid" 2>/dev/null || true)
            if [[ $pid =~ ^[0-9]+$ ]] && ! _pid_is_server "$pid" "$data"; then
                warn "removing stale $data/postmaster.pid (PID $pid is not a PostgreSQL server) and retrying"
                rm -f "$data/postmaster.pid"
                pg_run "$PG_BIN/pg_ctl" -D "$data" -l "$logfile" -o "$opts" -w -t 60 start >/dev/null || pid=failed
            else
                pid=failed
            fi
            if [[ $pid == failed ]]; then
                log "last 20 lines of $logfile:"
                tail -n 20 "$logfile" >&2
                die "PostgreSQL failed to start on port $port (data $data)"
            fi
        fi
    fi
}

# start_cluster DATADIR SOCKETDIR PORT [EXTRA_SERVER_OPTIONS...]
# Initialises DATADIR if it has no cluster yet (never re-initialises), starts the server if it is
# not running, and creates database `senddash` if missing. Authentication: scram-sha-256 with
# password PG_PASSWORD when PG_PASSWORD is set, else trust. The server log is DATADIR.log.
# Requires PG_BIN (ensure_postgres).
start_cluster() {
    local data=$1 sock=$2 port=$3
    shift 3
    local logfile="$data.log" pwfile=''
    [[ -n ${PG_BIN:-} ]] || die "start_cluster: PG_BIN not set (call ensure_postgres first)"

    mkdir -p "$data" "$sock"
    chmod 700 "$data"
    touch "$logfile"
    _pg_own "$data" "$sock" "$logfile"

    if [[ ! -f $data/PG_VERSION ]]; then
        local auth=(--auth=trust) loc=()
        if [[ -n ${PG_PASSWORD:-} ]]; then
            pwfile=$(mktemp /tmp/senddash-pw.XXXXXX)
            printf '%s\n' "$PG_PASSWORD" >"$pwfile"
            _pg_own "$pwfile"
            auth=(--auth=scram-sha-256 "--pwfile=$pwfile")
        fi
        mapfile -t loc < <(_initdb_locale)
        log "initialising a PostgreSQL cluster in $data"
        if ! pg_run "$PG_BIN/initdb" -D "$data" -U "$SD_DB_USER" "${auth[@]}" "${loc[@]}" >"$data.initdb.log" 2>&1; then
            [[ -z $pwfile ]] || rm -f "$pwfile"
            cat "$data.initdb.log" >&2
            die "initdb failed for $data"
        fi
        [[ -z $pwfile ]] || rm -f "$pwfile"
        rm -f "$data.initdb.log"
    fi

    pg_start_server "$data" "$sock" "$port" "$@"
    port=$(cluster_port "$data")

    local exists
    exists=$(_psql "$sock" "$port" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$SD_DB_NAME'") \
        || die "cannot connect to PostgreSQL (data $data, socket $sock, port $port); see $logfile"
    if [[ $exists != 1 ]]; then
        log "creating database $SD_DB_NAME"
        _psql "$sock" "$port" -d postgres -c "CREATE DATABASE $SD_DB_NAME"
    fi
}

# stop_cluster DATADIR [MODE] — stops the server on DATADIR if it is running (MODE: fast|immediate).
stop_cluster() {
    local data=$1 mode=${2:-fast}
    if cluster_running "$data"; then
        pg_run "$PG_BIN/pg_ctl" -D "$data" -m "$mode" -w -t 60 stop >/dev/null
    fi
}

# ---------------------------------------------------------------------------------------------
# Streaming replication: a primary and a hot standby made with pg_basebackup -R
# ---------------------------------------------------------------------------------------------

# Server options of a primary that streams its WAL to standbys. PostgreSQL 15's defaults already allow it; they are
# given on the command line so that no postgresql.conf can turn them off. A standby needs max_connections (and the
# other "must be >= primary" settings) at least the primary's, so it gets the primary's options too, then its own:
# readable (hot_standby) and reporting its oldest snapshot to the primary (hot_standby_feedback), so that dashboard
# queries on the standby are not cancelled by the primary's vacuum.
# max_connections is 300 (not 100) so that several instances' bounded pools fit (see deploy/scale.sh).
SD_PRIMARY_OPTS=(-c wal_level=replica -c max_wal_senders=10 -c max_replication_slots=10 -c hot_standby=on -c max_connections=300)
SD_STANDBY_OPTS=(-c hot_standby=on -c hot_standby_feedback=on)

# pg_allow_replication DATADIR — makes sure pg_hba.conf lets the senddash user open replication connections from
# 127.0.0.1, with the cluster's own method (scram-sha-256 when PG_PASSWORD is set, else trust), and reloads a running
# server. initdb writes such a line already; this adds it to a cluster whose pg_hba.conf lost it.
pg_allow_replication() {
    local data=$1 method=trust
    [[ -z ${PG_PASSWORD:-} ]] || method=scram-sha-256
    if ! grep -qE '^[[:space:]]*host[[:space:]]+replication[[:space:]]+(all|senddash)[[:space:]]+127\.0\.0\.1/32' "$data/pg_hba.conf"; then
        log "allowing replication connections from 127.0.0.1 in $data/pg_hba.conf"
        printf 'host    replication     %s        127.0.0.1/32            %s\n' "$SD_DB_USER" "$method" >>"$data/pg_hba.conf"
        if cluster_running "$data"; then pg_run "$PG_BIN/pg_ctl" -D "$data" reload >/dev/null; fi
    fi
}

# make_standby PRIMARY_PORT STANDBY_DATA SLOT [--no-sync] — copies the running primary on 127.0.0.1:PRIMARY_PORT into
# STANDBY_DATA with pg_basebackup -R (which writes standby.signal and primary_conninfo), streaming the WAL of the copy
# and creating the physical replication slot SLOT, so the primary keeps the WAL the standby has not received yet. An
# existing standby is kept (never re-made). Uses PG_PASSWORD for scram clusters (then primary_conninfo holds it, in a
# file only the postgres user reads). --no-sync skips the final fsync (throw-away test clusters).
make_standby() {
    local port=$1 data=$2 slot=$3 nosync=${4:-} t0
    if [[ -f $data/PG_VERSION ]]; then
        [[ -f $data/standby.signal ]] || die "$data holds a cluster that is not a standby (no standby.signal); move it away"
        return 0
    fi
    rm -rf "$data"
    mkdir -p "$data"
    chmod 700 "$data"
    _pg_own "$data"
    # A slot left by an earlier standby of the same name would keep WAL for nobody: drop it (if nothing uses it).
    _psql 127.0.0.1 "$port" -d postgres -tAc \
        "select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = '$slot' and not active" >/dev/null \
        || die "cannot reach the primary on 127.0.0.1:$port to make a standby"
    log "making a standby of 127.0.0.1:$port in $data (pg_basebackup -R, slot $slot)"
    t0=$(date +%s%N)
    if ! PGPASSWORD=${PG_PASSWORD:-} pg_run "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$port" -U "$SD_DB_USER" -D "$data" \
        -R -X stream -c fast -C -S "$slot" ${nosync:+--no-sync} >"$data.basebackup.log" 2>&1; then
        cat "$data.basebackup.log" >&2
        rm -rf "$data"
        die "pg_basebackup from 127.0.0.1:$port failed"
    fi
    rm -f "$data.basebackup.log"
    SD_BASEBACKUP_MS=$((($(date +%s%N) - t0) / 1000000))
    log "standby copied in $SD_BASEBACKUP_MS ms"
}

# start_standby DATADIR SOCKETDIR PORT [PRIMARY_EXTRA_OPTIONS...] — starts the standby made by make_standby (it
# connects to its primary by itself, from primary_conninfo) and waits until it accepts read-only connections.
start_standby() {
    local data=$1 sock=$2 port=$3 i
    shift 3
    pg_start_server "$data" "$sock" "$port" "$@" "${SD_STANDBY_OPTS[@]}"
    for ((i = 0; i < 100; i++)); do
        [[ $(_psql "$sock" "$(cluster_port "$data")" -d postgres -tAc 'select pg_is_in_recovery()' 2>/dev/null) == t ]] && return 0
        sleep 0.1
    done
    die "the standby on $data started but does not answer as a standby; see $data.log"
}

# replication_report PRIMARY_SOCK PRIMARY_PORT STANDBY_SOCK STANDBY_PORT — prints, one line each, what the primary
# says of its standbys (pg_stat_replication: state, bytes not yet replayed, replay_lag) and what the standby says:
# how far its replay is behind what it received, and the time since the last replayed transaction
# (now() - pg_last_xact_replay_timestamp(): it also grows while the primary is idle, so read it with the bytes).
replication_report() {
    local psock=$1 pport=$2 ssock=$3 sport=$4 out
    if out=$(_psql "$psock" "$pport" -d postgres -tA -F ' ' -c "
            select 'primary: standby ' || coalesce(application_name, '?') || ' ' || state
                   || ', ' || coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint, 0) || ' bytes not replayed'
                   || ', replay_lag ' || coalesce(replay_lag::text, '0 (idle)')
            from pg_stat_replication" 2>/dev/null); then
        printf '%s\n' "${out:-primary: no standby connected}"
    else
        printf 'primary: not reachable on 127.0.0.1:%s\n' "$pport"
    fi
    if out=$(_psql "$ssock" "$sport" -d postgres -tA -c "
            select 'standby: ' || case when pg_is_in_recovery() then 'in recovery' else 'NOT a standby (promoted?)' end
                   || ', replayed up to ' || coalesce(pg_last_wal_replay_lsn()::text, '-')
                   || ' (' || coalesce(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::bigint, 0)
                   || ' bytes received, not replayed), last transaction replayed '
                   || coalesce(round(extract(epoch from now() - pg_last_xact_replay_timestamp()), 1)::text || ' s ago', 'never')" 2>/dev/null); then
        printf '%s\n' "$out"
    else
        printf 'standby: not reachable on 127.0.0.1:%s\n' "$sport"
    fi
}

# topology_write FILE — writes the SD_TOPO_* variables (the paths, ports and options of a primary and its standby)
# where deploy/pgctl.sh reads them.
topology_write() {
    local file=$1 v
    : >"$file"
    chmod 600 "$file"
    for v in SD_TOPO_PRIMARY_DATA SD_TOPO_PRIMARY_SOCK SD_TOPO_PRIMARY_PORT SD_TOPO_STANDBY_DATA SD_TOPO_STANDBY_SOCK \
        SD_TOPO_STANDBY_PORT SD_TOPO_OPTS SD_TOPO_PWFILE; do
        printf '%s=%q\n' "$v" "${!v:-}" >>"$file"
    done
}

# ---------------------------------------------------------------------------------------------
# The run script's private cluster (shared by run.sh and senddash.sh)
# ---------------------------------------------------------------------------------------------

# run_cluster_paths ROOT — sets RUN_PGDATA, RUN_PGSOCK, RUN_PWFILE, RUN_PORTFILE.
run_cluster_paths() {
    pg_state_base "$1"
    RUN_PGDATA=$SD_PGBASE/pg
    RUN_PGSOCK=$(socket_dir "$SD_PGBASE/pgrun" pgrun)
    RUN_PWFILE=$SD_DATA/pg.password
    RUN_PORTFILE=$SD_DATA/pg.port
}

# run_cluster_up ROOT — makes sure the private cluster is initialised and running.
# Sets RUN_PORT and RUN_PASSWORD. Serialised with flock so that two scripts starting at once
# don't race each other.
run_cluster_up() {
    local root=$1 port
    ensure_postgres
    run_cluster_paths "$root"
    exec {_sd_lock_fd}>"$SD_DATA/pg.lock"
    flock "$_sd_lock_fd"

    if [[ ! -s $RUN_PWFILE ]]; then
        [[ -f $RUN_PGDATA/PG_VERSION ]] && die "$RUN_PGDATA holds a cluster but $RUN_PWFILE is missing; restore the password file or move the data directory away"
        (umask 077 && head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$RUN_PWFILE")
    fi
    chmod 600 "$RUN_PWFILE"
    RUN_PASSWORD=$(<"$RUN_PWFILE")

    if cluster_running "$RUN_PGDATA"; then
        port=$(cluster_port "$RUN_PGDATA")
    else
        port=$(cat "$RUN_PORTFILE" 2>/dev/null || true)
        if [[ ! $port =~ ^[0-9]+$ ]]; then
            port=$SD_DEFAULT_DB_PORT
            port_is_free "$port" || port=$(free_port)
        elif ! port_is_free "$port"; then
            local old=$port
            port=$(free_port)
            warn "port $old (from $RUN_PORTFILE) is taken by something else; using $port"
        fi
    fi
    PG_PASSWORD=$RUN_PASSWORD start_cluster "$RUN_PGDATA" "$RUN_PGSOCK" "$port"
    RUN_PORT=$(cluster_port "$RUN_PGDATA")
    printf '%s\n' "$RUN_PORT" >"$RUN_PORTFILE"

    flock -u "$_sd_lock_fd"
    exec {_sd_lock_fd}>&-
    export RUN_PORT RUN_PASSWORD
}

# Connection strings for the private cluster (after run_cluster_up).
run_npgsql_conn() {
    printf 'Host=127.0.0.1;Port=%s;Username=%s;Password=%s;Database=%s\n' "$RUN_PORT" "$SD_DB_USER" "$RUN_PASSWORD" "$SD_DB_NAME"
}
run_libpq_uri() {
    printf 'postgresql://%s:%s@127.0.0.1:%s/%s\n' "$SD_DB_USER" "$RUN_PASSWORD" "$RUN_PORT" "$SD_DB_NAME"
}

# redact_conn CONNSTRING — the connection string without its password (Npgsql or URI form).
redact_conn() {
    printf '%s\n' "$1" | sed -E 's/(^|;)[[:space:]]*(Password|PWD)[[:space:]]*=[^;]*;?/\1/I; s#(://[^:/@]+):[^@/]*@#\1:***@#; s/;$//'
}

# npgsql_to_libpq CONNSTRING — turns an Npgsql keyword string into a libpq keyword string that
# psql accepts (a postgres:// URI is printed unchanged).
npgsql_to_libpq() {
    local conn=$1 part key val out=()
    if [[ $conn == postgres://* || $conn == postgresql://* ]]; then
        printf '%s\n' "$conn"
        return
    fi
    local IFS=';'
    for part in $conn; do
        [[ $part == *=* ]] || continue
        key=${part%%=*} val=${part#*=}
        key=$(printf '%s' "$key" | tr -d '[:space:]' | tr '[:upper:]' '[:lower:]')
        case $key in
            host|server) key=host ;;
            port) key=port ;;
            username|userid|user) key=user ;;
            password|pwd) key=password ;;
            database|db) key=dbname ;;
            sslmode) key=sslmode val=${val,,} ;;
            *) continue ;;
        esac
        val=${val//\\/\\\\}
        val=${val//\'/\\\'}
        out+=("$key='$val'")
    done
    IFS=' '
    printf '%s\n' "${out[*]}"
}

# ---------------------------------------------------------------------------------------------
# The app
# ---------------------------------------------------------------------------------------------

app_dll() { printf '%s\n' "$1/src/SendDashboard/bin/Release/net10.0/SendDashboard.dll"; }

# build_if_needed [ROOT] — builds the app (Release) unless its dll is newer than every source file.
build_if_needed() {
    local dll newer ROOT=${1:-${ROOT:?}}
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

# app_env ROOT CONNSTRING — exports what the app reads.
app_env() {
    export ConnectionStrings__SendDashboard="$2"
    export SeedData__Path="$1/seed-data"
}

# app_mode PRIVATE DEMO — exports the environment and whether the database is the demo one, and sets SD_MODE (words
# for the banner). The private cluster is the demo database (Development, fictional rows, demo accounts); any other
# database runs as Production (unless ASPNETCORE_ENVIRONMENT says otherwise) with no demo rows and no account until
# `senddash.sh create-admin`, and becomes a demo database only with --demo (DEMO=1).
app_mode() {
    local private=$1 demo=$2
    if [[ -n $private || -n $demo ]]; then
        [[ -z ${ASPNETCORE_ENVIRONMENT:-} || $ASPNETCORE_ENVIRONMENT == Development ]] \
            || warn "ASPNETCORE_ENVIRONMENT=$ASPNETCORE_ENVIRONMENT ignored: the demo database runs as Development"
        export ASPNETCORE_ENVIRONMENT=Development Demo__Enabled=true
        if [[ -n $private ]]; then SD_MODE=demo; else SD_MODE=external-demo; fi
    else
        export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Production}
        unset Demo__Enabled
        SD_MODE=external
    fi
}

# ---------------------------------------------------------------------------------------------
# Test results
# ---------------------------------------------------------------------------------------------

# trx_counters FILE — prints "PASSED FAILED SKIPPED" from the <Counters .../> element of a trx file.
# failed includes error/timeout/aborted; skipped is total - executed (or notExecuted if larger). Returns 1 if
# the file has no Counters element.
trx_counters() {
    local line key passed failed skipped
    line=$(grep -m 1 -o '<Counters [^>]*>' "$1" 2>/dev/null) || return 1
    local -A c=()
    for key in total executed passed failed error timeout aborted notExecuted; do
        if [[ $line =~ [[:space:]]$key=\"([0-9]+)\" ]]; then c[$key]=${BASH_REMATCH[1]}; else c[$key]=0; fi
    done
    passed=${c[passed]}
    failed=$((c[failed] + c[error] + c[timeout] + c[aborted]))
    # VSTest leaves notExecuted at 0 for xUnit's skipped tests and counts them only as total - executed.
    skipped=$((c[total] - c[executed]))
    ((skipped >= c[notExecuted])) || skipped=${c[notExecuted]}
    printf '%s %s %s\n' "$passed" "$failed" "$skipped"
}

# kill_tree PID [SIGNAL] — signals PID and all its descendants (children first are collected from
# /proc so that nothing is missed when the parent exits).
kill_tree() {
    local pid=$1 sig=${2:-TERM} kids kid
    kids=$(cat /proc/"$pid"/task/*/children 2>/dev/null || true)
    kill -s "$sig" "$pid" 2>/dev/null || true
    for kid in $kids; do kill_tree "$kid" "$sig"; done
}
