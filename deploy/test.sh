#!/usr/bin/env bash
# Builds the solution once (Release) and runs the test projects against a throw-away PostgreSQL
# cluster, which is stopped and deleted on exit (also on failure or Ctrl-C).
#
#   deploy/test.sh                              all test projects (Tests, IntegrationTests, BrowserTests)
#   deploy/test.sh IntegrationTests             only the named project(s)
#   deploy/test.sh Tests -- --filter Name~Foo   arguments after -- go to every `dotnet test`
#   deploy/test.sh Scale                        only deploy/scale.sh selftest (also run with every project)
#
# The last line of output is always "N passed, N failed" (", N skipped" when there are any).
# Exit code: 0 only if the build succeeded, every project ran and produced a trx file, and no test failed.
# Results: TestResults/deploy-test/<Project>.trx
set -euo pipefail

# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT=$(repo_root)
cd "$ROOT"

ALL_PROJECTS=(Tests IntegrationTests BrowserTests)

# ---- arguments ------------------------------------------------------------------------------
REQUESTED=()
EXTRA=()
RUN_SCALE=
SCALE_ONLY=
while (($#)); do
    case $1 in
        --) shift; EXTRA=("$@"); break ;;
        -h | --help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *)
            name=${1%/}
            name=${name##*/}
            name=${name%.csproj}
            name=${name#SendDashboard.}
            if [[ $name == Scale ]]; then RUN_SCALE=1; SCALE_ONLY=1; shift; continue; fi
            known=
            for p in "${ALL_PROJECTS[@]}"; do [[ $p == "$name" ]] && known=1; done
            [[ -n $known ]] || die "unknown test project '$1' (known: ${ALL_PROJECTS[*]})"
            REQUESTED+=("$name")
            shift
            ;;
    esac
done
# Selected projects run in the usual order (unit, integration, browser); none named means all.
SELECTED=()
for p in "${ALL_PROJECTS[@]}"; do
    if ((${#REQUESTED[@]} == 0)) || [[ " ${REQUESTED[*]} " == *" $p "* ]]; then SELECTED+=("$p"); fi
done
HAS_FILTER=
for a in "${EXTRA[@]}"; do [[ $a == --filter* ]] && HAS_FILTER=1; done
# The scale selftest runs with every project (no project named, no filter), or when "Scale" is named
# (deploy/test.sh Scale: that step alone).
if ((${#REQUESTED[@]} == 0)) && [[ -z $HAS_FILTER && -z $SCALE_ONLY ]]; then RUN_SCALE=1; fi
[[ -z $SCALE_ONLY || ${#REQUESTED[@]} -gt 0 ]] || SELECTED=()

NEED_DB=${RUN_SCALE:+1}
NEED_CHROMIUM=
for p in "${SELECTED[@]}"; do
    case $p in
        IntegrationTests) NEED_DB=1 ;;
        BrowserTests) NEED_DB=1 NEED_CHROMIUM=1 ;;
    esac
done

# ---- summary and cleanup (always, from the EXIT trap) ----------------------------------------
PASSED=0 FAILED=0 SKIPPED=0 PROBLEMS=0
TIMINGS=()
CHILD=
TEST_DIR=
TEST_DATA=
TEST_SOCK=
TEST_STANDBY=
TEST_STANDBY_SOCK=

# Stops the standby first (so it does not retry its primary), then the primary, and removes both.
stop_test_cluster() {
    [[ -n $TEST_DIR ]] || return 0
    local data pid
    if [[ -d $TEST_DIR/scale ]]; then
        SENDDASH_SCALE_DIR=$TEST_DIR/scale bash "$ROOT/deploy/scale.sh" down >/dev/null 2>&1 || true
    fi
    for data in "$TEST_STANDBY" "$TEST_DATA"; do
        if [[ -n ${PG_BIN:-} && -n $data && -f $data/PG_VERSION ]]; then
            stop_cluster "$data" immediate >/dev/null 2>&1 || true
            pid=$(sed -n 1p "$data/postmaster.pid" 2>/dev/null || true)
            if [[ $pid =~ ^[0-9]+$ ]] && _pid_is_server "$pid" "$data"; then kill -KILL "$pid" 2>/dev/null || true; fi
        fi
    done
    rm -rf "$TEST_DIR"
    [[ $TEST_SOCK == "$TEST_DIR"/* ]] || rm -rf "$TEST_SOCK"
    [[ -z $TEST_STANDBY_SOCK || $TEST_STANDBY_SOCK == "$TEST_DIR"/* ]] || rm -rf "$TEST_STANDBY_SOCK"
    TEST_DIR=
}

# shellcheck disable=SC2317  # invoked by the EXIT trap
on_exit() {
    local rc=$? failed
    trap - EXIT INT TERM
    if [[ -n $CHILD ]]; then
        kill_tree "$CHILD" TERM
        sleep 2
        kill_tree "$CHILD" KILL
        wait "$CHILD" 2>/dev/null || true
    fi
    stop_test_cluster
    failed=$((FAILED + PROBLEMS))
    ((rc == 0 || failed > 0)) || failed=1
    if ((${#TIMINGS[@]})); then
        printf '\nTimings:\n' >&2
        printf '  %s\n' "${TIMINGS[@]}" >&2
    fi
    if ((SKIPPED > 0)); then
        printf '%s passed, %s failed, %s skipped\n' "$PASSED" "$failed" "$SKIPPED"
    else
        printf '%s passed, %s failed\n' "$PASSED" "$failed"
    fi
    ((failed == 0)) || exit $((rc == 0 ? 1 : rc))
    exit "$rc"
}
trap on_exit EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

# run_bg CMD... — runs CMD as a child we can wait on, so a signal interrupts us at once and the EXIT
# trap can stop the child.
run_bg() {
    local rc=0
    "$@" &
    CHILD=$!
    wait "$CHILD" || rc=$?
    CHILD=
    return "$rc"
}

# Removes throw-away clusters left behind by test runs that were killed outright.
cleanup_stale_test_clusters() {
    local d pid sock
    for d in "$SD_PGBASE"/test-*; do
        [[ -d $d ]] || continue
        pid=${d##*/test-}
        [[ $pid =~ ^[0-9]+$ ]] || continue
        if [[ $pid != "$$" ]] && grep -qas 'test\.sh' "/proc/$pid/cmdline"; then continue; fi
        [[ $pid != "$$" ]] || continue
        log "removing the stale test cluster $d"
        if [[ -f $d/standby/PG_VERSION ]]; then
            stop_cluster "$d/standby" immediate >/dev/null 2>&1 || true
        fi
        if [[ -f $d/data/PG_VERSION ]]; then
            stop_cluster "$d/data" immediate >/dev/null 2>&1 || true
        fi
        sock=$(socket_dir "$d/run" "test-$pid")
        rm -rf "$d"
        [[ $sock == "$d"/* ]] || rm -rf "$sock"
        sock=$(socket_dir "$d/run-standby" "test-$pid-standby")
        [[ $sock == "$d"/* ]] || rm -rf "$sock"
    done
}

# ---- setup ----------------------------------------------------------------------------------
t0=$(now_s)
ensure_dotnet_node
[[ -z $NEED_CHROMIUM ]] || ensure_chromium
ensure_libreoffice   # board packs are turned into PDF by LibreOffice; the pack tests convert one
if [[ -n $NEED_DB ]]; then
    ensure_postgres
    pg_state_base "$ROOT"
    cleanup_stale_test_clusters
    TEST_DIR=$SD_PGBASE/test-$$
    TEST_DATA=$TEST_DIR/data
    TEST_SOCK=$(socket_dir "$TEST_DIR/run" "test-$$")
    mkdir -p "$TEST_DIR"
    chmod 755 "$TEST_DIR"
    TEST_PORT=$(free_port)
    TEST_PG_OPTS=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off)
    PG_PASSWORD='' start_cluster "$TEST_DATA" "$TEST_SOCK" "$TEST_PORT" "${TEST_PG_OPTS[@]}" "${SD_PRIMARY_OPTS[@]}"
    TEST_PORT=$(cluster_port "$TEST_DATA")
    export SENDDASH_TEST_DB="Host=127.0.0.1;Port=$TEST_PORT;Username=$SD_DB_USER;Database=postgres"
    log "SENDDASH_TEST_DB=$SENDDASH_TEST_DB"

    # A streaming standby of the test cluster (a physical copy: every test database is on it too), and a script the
    # fault tests call to stop and start the real processes: "$SENDDASH_TEST_PGCTL stop standby" (deploy/pgctl.sh).
    PG_PASSWORD='' pg_allow_replication "$TEST_DATA"
    TEST_STANDBY=$TEST_DIR/standby
    TEST_STANDBY_SOCK=$(socket_dir "$TEST_DIR/run-standby" "test-$$-standby")
    TEST_STANDBY_PORT=$(free_port)
    PG_PASSWORD='' make_standby "$TEST_PORT" "$TEST_STANDBY" sd_test_standby --no-sync
    start_standby "$TEST_STANDBY" "$TEST_STANDBY_SOCK" "$TEST_STANDBY_PORT" "${TEST_PG_OPTS[@]}" "${SD_PRIMARY_OPTS[@]}"
    TEST_STANDBY_PORT=$(cluster_port "$TEST_STANDBY")
    SD_TOPO_PRIMARY_DATA=$TEST_DATA SD_TOPO_PRIMARY_SOCK=$TEST_SOCK SD_TOPO_PRIMARY_PORT=$TEST_PORT
    SD_TOPO_STANDBY_DATA=$TEST_STANDBY SD_TOPO_STANDBY_SOCK=$TEST_STANDBY_SOCK SD_TOPO_STANDBY_PORT=$TEST_STANDBY_PORT
    SD_TOPO_OPTS=${TEST_PG_OPTS[*]} SD_TOPO_PWFILE=
    topology_write "$TEST_DIR/topology.env"
    printf '#!/usr/bin/env bash\nexec bash %q --state %q "$@"\n' "$ROOT/deploy/pgctl.sh" "$TEST_DIR/topology.env" >"$TEST_DIR/pgctl"
    chmod 755 "$TEST_DIR/pgctl"
    export SENDDASH_TEST_STANDBY="Host=127.0.0.1;Port=$TEST_STANDBY_PORT;Username=$SD_DB_USER;Database=postgres"
    export SENDDASH_TEST_READ="Host=127.0.0.1:$TEST_STANDBY_PORT,127.0.0.1:$TEST_PORT;Username=$SD_DB_USER;Database=postgres;Target Session Attributes=prefer-standby;Load Balance Hosts=true"
    export SENDDASH_TEST_PGCTL=$TEST_DIR/pgctl
    log "SENDDASH_TEST_STANDBY=$SENDDASH_TEST_STANDBY (made in $SD_BASEBACKUP_MS ms)"
    log "SENDDASH_TEST_PGCTL=$SENDDASH_TEST_PGCTL (stop|start|kill|status primary|standby, lag)"
    TIMINGS+=("standby: pg_basebackup $SD_BASEBACKUP_MS ms")
fi
[[ -z $NEED_CHROMIUM ]] || log "SENDDASH_CHROMIUM=$SENDDASH_CHROMIUM"
TIMINGS+=("setup: $(($(now_s) - t0)) s")
log "setup took $(($(now_s) - t0)) s"

# ---- build ----------------------------------------------------------------------------------
RESULTS=$ROOT/TestResults/deploy-test   # emptied now, so a failed build leaves no old results behind
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
t0=$(now_s)
log "building (dotnet build SendDashboard.sln -c Release)"
if ! run_bg dotnet build SendDashboard.sln -c Release -v q -nologo -nodeReuse:false; then
    TIMINGS+=("build: $(($(now_s) - t0)) s (FAILED)")
    log "build failed"
    exit 1
fi
TIMINGS+=("build: $(($(now_s) - t0)) s")
log "build took $(($(now_s) - t0)) s"

# ---- tests ----------------------------------------------------------------------------------
for name in "${SELECTED[@]}"; do
    proj=tests/SendDashboard.$name/SendDashboard.$name.csproj
    trx=$RESULTS/$name.trx
    t0=$(now_s)
    log "running $name"
    rc=0
    if [[ ! -f $proj ]]; then
        log "$proj does not exist"
        rc=1
    else
        run_bg dotnet test "$proj" -c Release --no-build \
            --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS" "${EXTRA[@]}" || rc=$?
    fi
    secs=$(($(now_s) - t0))
    if counts=$(trx_counters "$trx"); then
        read -r p f s <<<"$counts"
        PASSED=$((PASSED + p)) FAILED=$((FAILED + f)) SKIPPED=$((SKIPPED + s))
        note="$p passed, $f failed, $s skipped"
        if ((rc != 0 && f == 0)); then
            PROBLEMS=$((PROBLEMS + 1))
            note+="; but dotnet test exited with $rc (test host crash or run error): counted as 1 failure"
        fi
    elif ((rc == 0)) && [[ -n $HAS_FILTER ]]; then
        note="no tests matched the filter"
    else
        PROBLEMS=$((PROBLEMS + 1))
        note="produced no test results (dotnet test exit $rc): counted as 1 failure"
    fi
    TIMINGS+=("$name: $secs s — $note")
    log "$name: $note ($secs s)"
done

# ---- the scale topology (deploy/scale.sh selftest: up 2, pages and a sign-in through nginx, down) ----------------
# With every project (or "Scale" named), in a directory of its own on free ports: about 15-25 s here.
if [[ -n $RUN_SCALE ]]; then
    t0=$(now_s)
    log "running deploy/scale.sh selftest"
    mkdir -p "$TEST_DIR/scale"
    rc=0
    SENDDASH_SCALE_DIR=$TEST_DIR/scale SENDDASH_SCALE_PORT=$(free_port) run_bg bash deploy/scale.sh selftest \
        >"$RESULTS/scale-selftest.log" 2>&1 || rc=$?
    secs=$(($(now_s) - t0))
    if ((rc == 0)); then
        PASSED=$((PASSED + 1))
        TIMINGS+=("scale selftest: $secs s — passed")
    else
        FAILED=$((FAILED + 1))
        grep -E 'FAILED|ERROR' "$RESULTS/scale-selftest.log" >&2 || tail -n 20 "$RESULTS/scale-selftest.log" >&2
        TIMINGS+=("scale selftest: $secs s — FAILED (see $RESULTS/scale-selftest.log)")
    fi
    log "scale selftest: exit $rc ($secs s)"
fi

stop_test_cluster
exit 0
