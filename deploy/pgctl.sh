#!/usr/bin/env bash
# deploy/pgctl.sh [--state FILE] VERB [primary|standby] — controls the real processes of a primary and its streaming
# standby (made by deploy/scale.sh or deploy/test.sh), so that fault tests can stop and start them.
#
#   start primary|standby      start the server (a no-op when it runs); waits until it accepts connections
#   stop primary|standby       fast shutdown (sessions are disconnected, the server stops cleanly)
#   kill primary|standby       immediate shutdown, as a crash would (the next start recovers)
#   status [primary|standby]   "primary running 127.0.0.1:PORT" or "... stopped"; exit 3 when one named is stopped
#   lag                        the standby's replication state and replay lag (bytes and time)
#
# FILE (default: $SENDDASH_PGCTL_STATE, else .data/scale/topology.env) is written by scale.sh or test.sh; it names
# the data directories, sockets, ports and server options. deploy/test.sh exports SENDDASH_TEST_PGCTL, a wrapper
# with its own state file, so tests run "$SENDDASH_TEST_PGCTL stop standby".
set -euo pipefail

# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT=$(repo_root)

STATE=${SENDDASH_PGCTL_STATE:-}
if [[ ${1:-} == --state ]]; then
    STATE=${2:?--state needs a file}
    shift 2
fi
if [[ -z $STATE ]]; then
    pg_state_base "$ROOT" 2>/dev/null
    STATE=$SD_DATA/scale/topology.env
fi
VERB=${1:-}
WHO=${2:-}
case $VERB in
    "" | -h | --help | help) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; [[ -n $VERB ]] && exit 0; exit 2 ;;
esac
[[ -f $STATE ]] || die "no topology state in $STATE (deploy/scale.sh up or deploy/test.sh writes it)"
# shellcheck disable=SC1090
source "$STATE"
PG_BIN=$(_find_pg_bin || true)
[[ -n $PG_BIN ]] || die "PostgreSQL is not installed"
if [[ -n ${SD_TOPO_PWFILE:-} && -s $SD_TOPO_PWFILE ]]; then PG_PASSWORD=$(<"$SD_TOPO_PWFILE"); else PG_PASSWORD=; fi
read -r -a OPTS <<<"${SD_TOPO_OPTS:-}"

# Sets DATA SOCK PORT for primary|standby.
pick() {
    case $1 in
        primary) DATA=$SD_TOPO_PRIMARY_DATA SOCK=$SD_TOPO_PRIMARY_SOCK PORT=$SD_TOPO_PRIMARY_PORT ;;
        standby) DATA=$SD_TOPO_STANDBY_DATA SOCK=$SD_TOPO_STANDBY_SOCK PORT=$SD_TOPO_STANDBY_PORT ;;
        *) die "say primary or standby, not '$1'" ;;
    esac
}

case $VERB in
    start)
        pick "$WHO"
        if [[ $WHO == primary ]]; then
            pg_start_server "$DATA" "$SOCK" "$PORT" "${OPTS[@]}" "${SD_PRIMARY_OPTS[@]}"
        else
            start_standby "$DATA" "$SOCK" "$PORT" "${OPTS[@]}" "${SD_PRIMARY_OPTS[@]}"
        fi
        ;;
    stop | kill)
        pick "$WHO"
        if cluster_running "$DATA"; then
            log "stopping the $WHO on 127.0.0.1:$PORT ($([[ $VERB == kill ]] && echo immediate || echo fast))"
            stop_cluster "$DATA" "$([[ $VERB == kill ]] && echo immediate || echo fast)"
        else
            log "the $WHO is not running"
        fi
        ;;
    status)
        rc=0
        for w in ${WHO:-primary standby}; do
            pick "$w"
            if cluster_running "$DATA"; then
                echo "$w running 127.0.0.1:$PORT (pid $(sed -n 1p "$DATA/postmaster.pid"), data $DATA, log $DATA.log)"
            else
                echo "$w stopped (127.0.0.1:$PORT, data $DATA, log $DATA.log)"
                [[ -z $WHO ]] || rc=3
            fi
        done
        exit "$rc"
        ;;
    lag)
        replication_report "$SD_TOPO_PRIMARY_SOCK" "$SD_TOPO_PRIMARY_PORT" "$SD_TOPO_STANDBY_SOCK" "$SD_TOPO_STANDBY_PORT"
        ;;
    *) die "unknown verb '$VERB' (start|stop|kill|status|lag)" ;;
esac
