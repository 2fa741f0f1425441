#!/usr/bin/env bash
# deploy/scale.sh up [N] | down | status | selftest — several app instances behind nginx, over a PostgreSQL primary and
# a streaming standby, on this machine and loopback only (the topology an operator builds with real hosts).
#
#   up [N]     start (or restart what died): the primary, its standby (pg_basebackup -R), N app instances (default 2)
#              and nginx on http://127.0.0.1:${SENDDASH_SCALE_PORT:-5090}; builds the app and migrates and seeds the
#              demo database once, through the primary. Prints what runs where and the demo sign-ins.
#   down       stop nginx, the instances, the standby and the primary (in that order); safe to run twice
#   status     each process's state, the standby's replay lag, and whether nginx answers
#   selftest   up 2, then through nginx: the home page, /summary, a sign-in, and the sign-in cookie read by the
#              other instance; then down. Prints its timings.
#
# Everything lives under .data/scale/ (its own clusters: the run script's .data/pg is never touched): pids, logs,
# nginx's prefix and config, topology.env (read by deploy/pgctl.sh, which stops and starts the servers one by one).
# Environment: SENDDASH_SCALE_PORT (nginx, default 5090); instance K listens on 5090+K when free.
# SENDDASH_SCALE_DIR puts everything (clusters too) in that directory instead, on free ports (deploy/test.sh).
set -euo pipefail

# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT=$(repo_root)
cd "$ROOT"

NGINX_PORT=${SENDDASH_SCALE_PORT:-5090}
[[ $NGINX_PORT =~ ^[0-9]+$ ]] || die "SENDDASH_SCALE_PORT must be a port number, got '$NGINX_PORT'"

pg_state_base "$ROOT"
SCALE=$SD_DATA/scale                 # pids, logs, nginx, state
PGDIR=$SD_PGBASE/scale               # cluster data (SD_PGBASE: where the postgres user can reach)
PG_PREFERRED_PORTS=(55442 55443)
if [[ -n ${SENDDASH_SCALE_DIR:-} ]]; then
    # deploy/test.sh: a topology of its own (any free ports), so it never meets one started by hand.
    SCALE=$SENDDASH_SCALE_DIR PGDIR=$SENDDASH_SCALE_DIR/pg PG_PREFERRED_PORTS=('' '')
fi
mkdir -p "$SCALE" "$PGDIR"
chmod 755 "$SCALE" "$PGDIR"
PRIMARY=$PGDIR/primary
STANDBY=$PGDIR/standby
PRIMARY_SOCK=$(socket_dir "$PGDIR/run-primary" scale-primary)
STANDBY_SOCK=$(socket_dir "$PGDIR/run-standby" scale-standby)
PWFILE=$SCALE/pg.password
STATE=$SCALE/topology.env
NGINX_DIR=$SCALE/nginx
SLOT=sd_scale_standby

# ---- helpers --------------------------------------------------------------------------------

# The port remembered in FILE, else PREFERRED when free, else any free port; remembered in FILE.
remembered_port() {
    local file=$1 preferred=$2 port
    port=$(cat "$file" 2>/dev/null || true)
    if [[ ! $port =~ ^[0-9]+$ ]]; then
        port=$preferred
        [[ -n $port ]] && port_is_free "$port" || port=$(free_port)
    fi
    printf '%s\n' "$port" >"$file"
    printf '%s\n' "$port"
}

pid_of() { cat "$1" 2>/dev/null || true; }

# instance_alive K — true if instance K's pid is alive and is our dotnet serve.
instance_alive() {
    local pid
    pid=$(pid_of "$SCALE/app-$1.pid")
    _pid_alive "$pid" && grep -qas 'SendDashboard.dll' "/proc/$pid/cmdline"
}

nginx_alive() {
    local pid
    pid=$(pid_of "$NGINX_DIR/nginx.pid")
    _pid_alive "$pid" && grep -qas 'nginx' "/proc/$pid/cmdline"
}

# http_code URL — the HTTP status of a GET (000 when nothing answers).
http_code() { curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" 2>/dev/null || true; }

# The path that says an instance is up: /health/live when the app has it, else /health.
health_path() {
    local port=$1
    if [[ $(http_code "http://127.0.0.1:$port/health/live") == 200 ]]; then echo /health/live; else echo /health; fi
}

# nginx as the unprivileged www-data user when we are root (its prefix is given to that user), else as us.
nginx_run() {
    if is_root && id -u www-data >/dev/null 2>&1; then
        (cd / && runuser -u www-data -- "$@")
    else
        (cd / && "$@")
    fi
}

instance_count() { cat "$SCALE/instances" 2>/dev/null || echo 0; }

load_passwords() {
    if [[ ! -s $PWFILE ]]; then
        [[ -f $PRIMARY/PG_VERSION ]] && die "$PRIMARY holds a cluster but $PWFILE is missing; restore it or run deploy/scale.sh down and remove $PGDIR"
        (umask 077 && head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$PWFILE")
    fi
    chmod 600 "$PWFILE"
    PG_PASSWORD=$(<"$PWFILE")
}

# ---- up -------------------------------------------------------------------------------------

databases_up() {
    local pport sport
    ensure_postgres
    load_passwords
    pport=$(remembered_port "$SCALE/primary.port" "${PG_PREFERRED_PORTS[0]}")
    sport=$(remembered_port "$SCALE/standby.port" "${PG_PREFERRED_PORTS[1]}")
    if cluster_running "$PRIMARY"; then pport=$(cluster_port "$PRIMARY"); fi
    PG_PASSWORD=$PG_PASSWORD start_cluster "$PRIMARY" "$PRIMARY_SOCK" "$pport" "${SD_PRIMARY_OPTS[@]}"
    PRIMARY_PORT=$(cluster_port "$PRIMARY")
    PG_PASSWORD=$PG_PASSWORD pg_allow_replication "$PRIMARY"
    PG_PASSWORD=$PG_PASSWORD make_standby "$PRIMARY_PORT" "$STANDBY" "$SLOT"
    PG_PASSWORD=$PG_PASSWORD start_standby "$STANDBY" "$STANDBY_SOCK" "$sport" "${SD_PRIMARY_OPTS[@]}"
    STANDBY_PORT=$(cluster_port "$STANDBY")
    printf '%s\n' "$PRIMARY_PORT" >"$SCALE/primary.port"
    printf '%s\n' "$STANDBY_PORT" >"$SCALE/standby.port"
    SD_TOPO_PRIMARY_DATA=$PRIMARY SD_TOPO_PRIMARY_SOCK=$PRIMARY_SOCK SD_TOPO_PRIMARY_PORT=$PRIMARY_PORT
    SD_TOPO_STANDBY_DATA=$STANDBY SD_TOPO_STANDBY_SOCK=$STANDBY_SOCK SD_TOPO_STANDBY_PORT=$STANDBY_PORT
    SD_TOPO_OPTS='' SD_TOPO_PWFILE=$PWFILE
    topology_write "$STATE"
    # Each instance's pools are bounded (SENDDASH_SCALE_POOL, default 30 per pool) so that N instances stay within the
    # servers' max_connections (300: SD_PRIMARY_OPTS in lib.sh): unbounded pools of 100 each ran the servers out of connections
    # under 64 concurrent uncached requests (bench load: "53300 sorry, too many clients already").
    POOL=${SENDDASH_SCALE_POOL:-30}
    WRITE_CONN="Host=127.0.0.1;Port=$PRIMARY_PORT;Username=$SD_DB_USER;Password=$PG_PASSWORD;Database=$SD_DB_NAME;Maximum Pool Size=$POOL"
    # Reads: the standby first, the primary as the fallback (Npgsql multi-host: prefer-standby, hosts load balanced).
    READ_CONN="Host=127.0.0.1:$STANDBY_PORT,127.0.0.1:$PRIMARY_PORT;Username=$SD_DB_USER;Password=$PG_PASSWORD;Database=$SD_DB_NAME;Target Session Attributes=prefer-standby;Load Balance Hosts=true;Maximum Pool Size=$POOL"
}

app_environment() {
    app_env "$ROOT" "$WRITE_CONN"
    app_mode 1 ""
    export ConnectionStrings__SendDashboardRead="$READ_CONN"
    # nginx on loopback is the proxy whose X-Forwarded-For/Proto the app believes (loopback is trusted by default too).
    export Hosting__KnownProxies=127.0.0.1
}

start_instance() {
    local k=$1 port
    port=$(remembered_port "$SCALE/app-$k.port" $((NGINX_PORT + k)))
    if instance_alive "$k"; then
        log "instance $k already running (pid $(pid_of "$SCALE/app-$k.pid"), port $port)"
        return 0
    fi
    if ! port_is_free "$port"; then
        port=$(free_port)
        printf '%s\n' "$port" >"$SCALE/app-$k.port"
    fi
    log "starting instance $k on 127.0.0.1:$port (log $SCALE/app-$k.log)"
    setsid nohup dotnet "$(app_dll "$ROOT")" serve --urls "http://127.0.0.1:$port" >>"$SCALE/app-$k.log" 2>&1 </dev/null &
    printf '%s\n' "$!" >"$SCALE/app-$k.pid"
}

stop_instance() {
    local k=$1 pid i
    pid=$(pid_of "$SCALE/app-$k.pid")
    if instance_alive "$k"; then
        log "stopping instance $k (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 100; i++)); do _pid_alive "$pid" || break; sleep 0.1; done
        _pid_alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$SCALE/app-$k.pid"
}

write_nginx_conf() {
    local n=$1 k servers=''
    for ((k = 1; k <= n; k++)); do
        servers+="        server 127.0.0.1:$(cat "$SCALE/app-$k.port") max_fails=1 fail_timeout=5s;"$'\n'
    done
    mkdir -p "$NGINX_DIR/tmp" "$NGINX_DIR/logs"
    cat >"$NGINX_DIR/nginx.conf" <<EOF
# Written by deploy/scale.sh up; rewritten on every up. nginx runs with -p $NGINX_DIR -c $NGINX_DIR/nginx.conf.
daemon on;
worker_processes auto;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/logs/error.log warn;
events { worker_connections 1024; }

http {
    # Buffered, so that under load the proxy does not write to the log once per request.
    access_log $NGINX_DIR/logs/access.log combined buffer=64k flush=1s;
    client_body_temp_path $NGINX_DIR/tmp/client_body;
    proxy_temp_path $NGINX_DIR/tmp/proxy;
    fastcgi_temp_path $NGINX_DIR/tmp/fastcgi;
    uwsgi_temp_path $NGINX_DIR/tmp/uwsgi;
    scgi_temp_path $NGINX_DIR/tmp/scgi;
    server_tokens off;
    # Uploads are streamed to the app, which sets (and explains) its own size limit.
    client_max_body_size 0;
    proxy_request_buffering off;

    # WebSockets (the Blazor circuit): pass the upgrade on; otherwise an empty Connection keeps upstream keepalive.
    map \$http_upgrade \$connection_upgrade {
        default upgrade;
        ''      '';
    }

    # Sticky routing. An interactive page's circuit is a SignalR connection: its negotiate request and the WebSocket
    # (and any reconnect) must reach the instance that holds the circuit in memory. Open-source nginx has no sticky
    # cookie, so the route is a cookie of our own: a browser without one is routed by this request's random id and is
    # given that id as its sdroute cookie, so every later request (negotiate, WebSocket, reconnect) hashes to the same
    # instance. Clients without cookies (load generators, curl) spread over the instances; hashing on the client
    # address instead would put everyone behind one NAT, and every loopback benchmark, on one instance.
    map \$cookie_sdroute \$sd_route {
        ''      \$request_id;
        default \$cookie_sdroute;
    }
    map \$cookie_sdroute \$sd_route_cookie {
        ''      "sdroute=\$request_id; Path=/; HttpOnly; SameSite=Lax";
        default '';
    }

    upstream senddash {
        hash \$sd_route consistent;
$servers        keepalive 32;
    }

    server {
        listen 127.0.0.1:$NGINX_PORT;

        location / {
            proxy_pass http://senddash;
            proxy_http_version 1.1;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection \$connection_upgrade;
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            # A circuit's WebSocket stays open for as long as the page does (Blazor pings every 15 s).
            proxy_read_timeout 1h;
            proxy_send_timeout 1h;
            proxy_next_upstream error timeout http_502 http_503;
            # A page is 10-60 KB: held in memory whole, never spilled to a temporary file (nginx's defaults hold 32-64 KB).
            proxy_buffer_size 16k;
            proxy_buffers 16 16k;
            add_header Set-Cookie \$sd_route_cookie always;
        }
    }
}
EOF
    if is_root; then chown -R www-data:www-data "$NGINX_DIR" 2>/dev/null || true; fi
}

nginx_up() {
    if ! command -v nginx >/dev/null 2>&1 && [[ ! -x /usr/sbin/nginx ]]; then
        log "nginx not found; installing it"
        apt_install nginx
    fi
    NGINX=$(command -v nginx || echo /usr/sbin/nginx)
    nginx_run "$NGINX" -t -q -p "$NGINX_DIR" -e "$NGINX_DIR/logs/error.log" -c "$NGINX_DIR/nginx.conf" \
        || die "nginx refused $NGINX_DIR/nginx.conf (see above)"
    if nginx_alive; then
        log "nginx running (pid $(pid_of "$NGINX_DIR/nginx.pid")); reloading its configuration"
        nginx_run "$NGINX" -p "$NGINX_DIR" -e "$NGINX_DIR/logs/error.log" -c "$NGINX_DIR/nginx.conf" -s reload
    else
        port_is_free "$NGINX_PORT" || die "port $NGINX_PORT on 127.0.0.1 is in use; stop what uses it or set SENDDASH_SCALE_PORT"
        log "starting nginx on 127.0.0.1:$NGINX_PORT (prefix $NGINX_DIR)"
        nginx_run "$NGINX" -p "$NGINX_DIR" -e "$NGINX_DIR/logs/error.log" -c "$NGINX_DIR/nginx.conf"
    fi
}

wait_healthy() {
    local n=$1 k port deadline=$(($(now_s) + ${SENDDASH_SCALE_WAIT:-180})) pending
    while :; do
        pending=()
        for ((k = 1; k <= n; k++)); do
            port=$(cat "$SCALE/app-$k.port")
            instance_alive "$k" || { tail -n 30 "$SCALE/app-$k.log" >&2; die "instance $k exited while starting; see $SCALE/app-$k.log"; }
            [[ $(http_code "http://127.0.0.1:$port$(health_path "$port")") == 200 ]] || pending+=("$k")
        done
        ((${#pending[@]} == 0)) && [[ $(http_code "http://127.0.0.1:$NGINX_PORT/health") == 200 ]] && return 0
        (($(now_s) < deadline)) || die "not healthy after ${SENDDASH_SCALE_WAIT:-180} s: instance(s) ${pending[*]:-none}, nginx $(http_code "http://127.0.0.1:$NGINX_PORT/health"); see $SCALE/*.log"
        sleep 1
    done
}

cmd_up() {
    local n=${1:-2} k t0 old
    [[ $n =~ ^[1-9][0-9]*$ ]] || die "up takes a number of instances (1 or more), not '$n'"
    t0=$(now_s)
    ensure_dotnet_node
    exec {lock_fd}>"$SCALE/scale.lock"
    flock "$lock_fd"
    # The servers started below must not inherit the lock's fd (they outlive this run; a later up would wait forever).
    databases_up {lock_fd}>&-
    build_if_needed "$ROOT"
    app_environment
    old=$(instance_count)
    if ! instance_alive 1 || [[ ! -f $SCALE/seeded ]]; then
        log "migrating and seeding through the primary (once; a seeded database is left as it is)"
        dotnet "$(app_dll "$ROOT")" seed >>"$SCALE/seed.log" 2>&1 || { tail -n 30 "$SCALE/seed.log" >&2; die "migrate/seed failed; see $SCALE/seed.log"; }
        touch "$SCALE/seeded"
    fi
    for ((k = n + 1; k <= old; k++)); do stop_instance "$k"; done
    for ((k = 1; k <= n; k++)); do start_instance "$k" {lock_fd}>&-; done
    printf '%s\n' "$n" >"$SCALE/instances"
    write_nginx_conf "$n"
    nginx_up {lock_fd}>&-
    log "waiting for every instance and nginx to answer"
    wait_healthy "$n"
    SCALE_UP_SECONDS=$(($(now_s) - t0))
    flock -u "$lock_fd"
    print_banner "$n"
}

print_banner() {
    local n=$1 k
    cat <<EOF

================================================================================
 SendDashboard through nginx:  http://127.0.0.1:$NGINX_PORT   (up in ${SCALE_UP_SECONDS:-?} s)

 nginx     127.0.0.1:$NGINX_PORT  pid $(pid_of "$NGINX_DIR/nginx.pid")  conf $NGINX_DIR/nginx.conf  logs $NGINX_DIR/logs/
EOF
    for ((k = 1; k <= n; k++)); do
        printf ' app %-4s  127.0.0.1:%s  pid %s  log %s\n' "$k" "$(cat "$SCALE/app-$k.port")" "$(pid_of "$SCALE/app-$k.pid")" "$SCALE/app-$k.log"
    done
    cat <<EOF
 primary   127.0.0.1:$PRIMARY_PORT  pid $(sed -n 1p "$PRIMARY/postmaster.pid")  data $PRIMARY  log $PRIMARY.log
 standby   127.0.0.1:$STANDBY_PORT  pid $(sed -n 1p "$STANDBY/postmaster.pid")  data $STANDBY  log $STANDBY.log
 writes:   $(redact_conn "$WRITE_CONN")
 reads:    $(redact_conn "$READ_CONN")
 password: $PWFILE      servers: deploy/pgctl.sh stop|start|kill|status primary|standby, lag
 status:   deploy/scale.sh status      stop: deploy/scale.sh down

EOF
    dotnet "$(app_dll "$ROOT")" demo-users || warn "could not list the demo sign-ins"
    echo "================================================================================"
}

# ---- down, status ---------------------------------------------------------------------------

cmd_down() {
    local k pid i
    if nginx_alive; then
        pid=$(pid_of "$NGINX_DIR/nginx.pid")
        log "stopping nginx (pid $pid)"
        kill -QUIT "$pid" 2>/dev/null || true
        for ((i = 0; i < 100; i++)); do _pid_alive "$pid" || break; sleep 0.1; done
        _pid_alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
    fi
    for f in "$SCALE"/app-*.pid; do
        [[ -f $f ]] || continue
        k=${f##*/app-}
        stop_instance "${k%.pid}"
    done
    PG_BIN=$(_find_pg_bin || true)
    if [[ -n $PG_BIN ]]; then
        for d in "$STANDBY" "$PRIMARY"; do
            if cluster_running "$d"; then
                log "stopping PostgreSQL ${d##*/} (data $d)"
                stop_cluster "$d" fast
            fi
        done
    fi
    log "scale topology is down (data kept in $PGDIR; the next up reuses it)"
}

cmd_status() {
    local k n port state rc=0
    PG_BIN=$(_find_pg_bin || true)
    if nginx_alive; then
        state="running pid $(pid_of "$NGINX_DIR/nginx.pid"), /health through it answers $(http_code "http://127.0.0.1:$NGINX_PORT/health")"
    else
        state=stopped rc=3
    fi
    echo "nginx     127.0.0.1:$NGINX_PORT  $state"
    n=$(instance_count)
    for ((k = 1; k <= n; k++)); do
        port=$(cat "$SCALE/app-$k.port" 2>/dev/null || echo '?')
        if instance_alive "$k"; then
            state="running pid $(pid_of "$SCALE/app-$k.pid"), $(health_path "$port") answers $(http_code "http://127.0.0.1:$port$(health_path "$port")")"
        else
            state=stopped rc=3
        fi
        echo "app $k     127.0.0.1:$port  $state  (log $SCALE/app-$k.log)"
    done
    if [[ -f $STATE ]]; then
        bash "$ROOT/deploy/pgctl.sh" --state "$STATE" status || rc=3
        [[ -s $PWFILE ]] && PG_PASSWORD=$(<"$PWFILE")
        # shellcheck disable=SC1090
        source "$STATE"
        [[ -n $PG_BIN ]] && replication_report "$SD_TOPO_PRIMARY_SOCK" "$SD_TOPO_PRIMARY_PORT" "$SD_TOPO_STANDBY_SOCK" "$SD_TOPO_STANDBY_PORT"
    else
        echo "databases: never started (deploy/scale.sh up)"
        rc=3
    fi
    return "$rc"
}

# ---- selftest -------------------------------------------------------------------------------

cmd_selftest() {
    local t0 t_up t_down jar page token code email base="http://127.0.0.1:$NGINX_PORT" failures=0
    t0=$(now_s)
    cmd_up 2 >"$SCALE/selftest-up.log"
    t_up=$(($(now_s) - t0))
    check() { if [[ $2 == "$3" ]]; then log "selftest ok: $1"; else warn "selftest FAILED: $1 (got $2, wanted $3)"; failures=$((failures + 1)); fi; }
    check "home page through nginx" "$(http_code "$base/")" 200
    check "/summary through nginx" "$(http_code "$base/summary")" 200
    jar=$(mktemp /tmp/senddash-scale-jar.XXXXXX)
    page=$(curl -s -m 20 -c "$jar" -b "$jar" "$base/account/sign-in")
    token=$(printf '%s' "$page" | grep -o 'name="__RequestVerificationToken" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')
    email=$(dotnet "$(app_dll "$ROOT")" demo-users 2>/dev/null | grep -o '[^ ]*@demo\.senddashboard\.test' | head -n 1)
    code=$(curl -s -o /dev/null -m 20 -w '%{http_code}' -c "$jar" -b "$jar" \
        --data-urlencode "_handler=sign-in" --data-urlencode "__RequestVerificationToken=$token" \
        --data-urlencode "Posted.Email=$email" --data-urlencode "Posted.Password=Demo-sign-in-2026" "$base/account/sign-in")
    check "sign-in as $email through nginx answers a redirect" "$code" 302
    signed_in() { local html; html=$(curl -s -m 20 -b "$jar" "$1/" || true); [[ $html == *"Sign out"* ]] && echo yes || echo no; }
    check "the signed-in home page through nginx offers Sign out" "$(signed_in "$base")" yes
    # The sign-in cookie was made by the instance nginx chose; both instances read it (one key ring, in PostgreSQL).
    for k in 1 2; do
        check "the sign-in cookie works on instance $k directly" "$(signed_in "http://127.0.0.1:$(cat "$SCALE/app-$k.port")")" yes
    done
    rm -f "$jar"
    t0=$(now_s)
    cmd_down
    cmd_down 2>/dev/null   # twice: must be harmless
    t_down=$(($(now_s) - t0))
    log "selftest: up 2 in $t_up s, down in $t_down s, $failures failure(s)"
    ((failures == 0))
}

case ${1:-} in
    up) cmd_up "${2:-2}" ;;
    down) cmd_down ;;
    status) cmd_status ;;
    selftest) cmd_selftest ;;
    -h | --help | help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' ;;
    *) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
