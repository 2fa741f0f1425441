#!/usr/bin/env bash
# deploy/bench-load.sh — `deploy/senddash.sh bench load`: HTTP load with wrk and interactive circuits with Playwright,
# against deploy/scale.sh's topology (started, or restarted with the benchmark's rate limits, when needed).
#
# For each of /, /summary, an indicator page and the read API (/api/indicators/KEY/areas/AREA):
#   cached     anonymous requests (output-cached by the app)
#   uncached   the same requests with a signed-in cookie (signed-in pages and callers are never output-cached)
# (checked before the runs: the cookie's home page offers Sign out, its /summary has no Age header), wrk -t2 -c64
# --latency for SENDDASH_BENCH_SECONDS (default 30) each, through nginx with 1 instance (deploy/scale.sh up 1) and with
# 2 (up 2; nginx spreads cookie-less clients over both), plus the cached pages straight at instance 1 (no proxy hop).
# The ceiling: a second, private nginx serving a saved copy of the home page's HTML from a file, same wrk settings.
# Then the circuits benchmark (tests/SendDashboard.Benchmarks `circuits`): N interactive /actions pages on instance 1
# (SENDDASH_BENCH_CIRCUITS, default 30); the live managed heap (dotnet-gcdump, installed under .data/tools) and VmRSS
# before and after; then SENDDASH_BENCH_INTERACTIONS (default 100) clicks that open and close an action's update form.
# Leaves the topology running with 2 instances (deploy/scale.sh down stops it). The last line is the summary line; the
# line before it is the same summary for 1 instance.
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT=$(repo_root)
cd "$ROOT"

SECONDS_EACH=${SENDDASH_BENCH_SECONDS:-30}
CIRCUITS=${SENDDASH_BENCH_CIRCUITS:-30}
[[ $SECONDS_EACH =~ ^[1-9][0-9]*$ ]] || die "SENDDASH_BENCH_SECONDS must be a whole number of seconds"
NGINX_PORT=${SENDDASH_SCALE_PORT:-5090}
pg_state_base "$ROOT"
SCALE=$SD_DATA/scale
AREA=E06000043
INDICATOR=ehcp-20-weeks-excl-exceptions

ensure_dotnet_node
command -v wrk >/dev/null 2>&1 || { log "wrk not found; installing it"; apt_install wrk; }
# dotnet-gcdump reads the live managed heap after a full collection (what circuits keep alive); a tool of this benchmark only.
GCDUMP_VERSION=10.0.750501
GCDUMP=$SD_DATA/tools/dotnet-gcdump
if [[ ! -x $GCDUMP ]]; then
    log "installing dotnet-gcdump $GCDUMP_VERSION under $SD_DATA/tools"
    dotnet tool install dotnet-gcdump --version "$GCDUMP_VERSION" --tool-path "$SD_DATA/tools" >/dev/null || die "could not install dotnet-gcdump"
fi

# The read API is rate limited per caller and per address (300 and 1,200 a minute): a load generator from one address
# would measure the limiter's 429s. The benchmark's instances run with the limits raised; everything else is as shipped.
export RateLimits__Api__PermitLimit=100000000 RateLimits__ApiPerAddress__PermitLimit=100000000
# Instance 1 is checked (later instances are started by this script, with the limits in their environment).
pid=$(cat "$SCALE/app-1.pid" 2>/dev/null || true)
if [[ -z $pid ]] || ! tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -q '^RateLimits__Api__PermitLimit=100000000$'; then
    log "starting deploy/scale.sh up 1 with the benchmark's API limits (restarting what runs without them)"
    bash deploy/scale.sh down >/dev/null 2>&1 || true
fi
bash deploy/scale.sh up 1 >"$SCALE/bench-up.log" 2>&1 || { tail -n 30 "$SCALE/bench-up.log" >&2; die "scale.sh up 1 failed"; }
P1=$(cat "$SCALE/app-1.port")
PID1=$(cat "$SCALE/app-1.pid")
ONE=http://127.0.0.1:$P1
PROXY=http://127.0.0.1:$NGINX_PORT

# A signed-in cookie (the board member): the uncached mode.
jar=$(mktemp /tmp/senddash-bench-jar.XXXXXX)
trap 'rm -f "$jar"' EXIT
page=$(curl -s -m 20 -c "$jar" -b "$jar" "$ONE/account/sign-in")
token=$(printf '%s' "$page" | grep -o 'name="__RequestVerificationToken" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')
code=$(curl -s -o /dev/null -m 20 -w '%{http_code}' -c "$jar" -b "$jar" --data-urlencode "_handler=sign-in" \
    --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "Posted.Email=board.member@demo.senddashboard.test" \
    --data-urlencode "Posted.Password=Demo-sign-in-2026" "$ONE/account/sign-in")
[[ $code == 302 ]] || die "sign-in for the uncached mode answered $code, not 302"
# Every cookie in the jar (curl writes HttpOnly ones as "#HttpOnly_host"): the sign-in cookie is called senddash.
# Not the read-your-writes cookie the sign-in set: the runs measure a reader who has not written in the last minute.
COOKIE=$(awk -F'\t' 'NF >= 7 && ($1 !~ /^#/ || $1 ~ /^#HttpOnly_/) && $6 != "senddash.rw" {printf "%s%s=%s", (n++ ? "; " : ""), $6, $7}' "$jar")
curl -s -m 20 -H "Cookie: $COOKIE" "$ONE/" >"$SCALE/bench-signed-in.html"; grep -q 'Sign out' "$SCALE/bench-signed-in.html" || die "the sign-in cookie does not sign the home page in (the page: $SCALE/bench-signed-in.html)"
curl -s -m 20 -D - -o /dev/null -H "Cookie: $COOKIE" "$ONE/summary" | grep -qi '^Age:' && die "a signed-in /summary came from the output cache"

PATHS=(/ /summary "/indicators/$INDICATOR" "/api/indicators/$INDICATOR/areas/$AREA")
for p in "${PATHS[@]}"; do
    c=$(curl -s -o /dev/null -m 20 -w '%{http_code}' "$ONE$p")
    [[ $c == 200 ]] || die "GET $p answered $c"
    c=$(curl -s -o /dev/null -m 20 -w '%{http_code}' -H "Cookie: $COOKIE" "$ONE$p")
    [[ $c == 200 ]] || die "GET $p signed in answered $c"
done

# The ceiling: a private nginx serving the home page's HTML, saved from instance 1, from a file.
CEIL=$SCALE/bench-ceiling
mkdir -p "$CEIL/logs" "$CEIL/tmp" "$CEIL/www"
curl -s -m 20 "$ONE/" >"$CEIL/www/index.html"
CEIL_PORT=$(free_port)
cat >"$CEIL/nginx.conf" <<CONF
daemon on;
worker_processes auto;
pid $CEIL/nginx.pid;
error_log $CEIL/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $CEIL/tmp/cb; proxy_temp_path $CEIL/tmp/p; fastcgi_temp_path $CEIL/tmp/f; uwsgi_temp_path $CEIL/tmp/u; scgi_temp_path $CEIL/tmp/s;
    server { listen 127.0.0.1:$CEIL_PORT; root $CEIL/www; location = / { default_type text/html; try_files /index.html =404; } }
}
CONF
if is_root && id -u www-data >/dev/null 2>&1; then chown -R www-data:www-data "$CEIL"; NGX=(runuser -u www-data -- nginx); else NGX=(nginx); fi
(cd / && "${NGX[@]}" -p "$CEIL" -e "$CEIL/logs/error.log" -c "$CEIL/nginx.conf")
ceiling_down() { [[ -f $CEIL/nginx.pid ]] && kill -QUIT "$(cat "$CEIL/nginx.pid")" 2>/dev/null || true; rm -f "$jar"; }
trap ceiling_down EXIT
sleep 0.5

# wrk_run URL [HEADER] — prints "rps p50_ms p99_ms non2xx timeouts" (wrk gives up on a request after 2 s: a timeout is
# not in its latencies, so p99 reads at most 2 s and the timeouts say how many waited longer).
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.2f", v / 1000; else if (v ~ /ms$/) printf "%.2f", v + 0; else if (v ~ /s$/) printf "%.2f", v * 1000; else print "nan" }'; }
wrk_run() {
    local url=$1 out rps p50 p99 bad timeouts
    if [[ -n ${2:-} ]]; then out=$(wrk -t2 -c64 -d"${SECONDS_EACH}s" --latency -H "$2" "$url"); else out=$(wrk -t2 -c64 -d"${SECONDS_EACH}s" --latency "$url"); fi
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    p50=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
    p99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
    bad=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
    timeouts=$(sed -n 's/.*Socket errors:.*timeout \([0-9]*\).*/\1/p' <<<"$out")
    printf '%s %s %s %s %s\n' "$rps" "$p50" "$p99" "${bad:-0}" "${timeouts:-0}"
}

log "wrk -t2 -c64 --latency, ${SECONDS_EACH} s per run; ceiling first"
wrk -t2 -c64 -d2s "http://127.0.0.1:$CEIL_PORT/" >/dev/null
read -r CEIL_RPS CEIL_P50 CEIL_P99 _ _ < <(wrk_run "http://127.0.0.1:$CEIL_PORT/")
printf '\n%-52s %-9s %-9s %10s %9s %9s %8s %7s %8s\n' page mode instances 'req/s' 'p50 ms' 'p99 ms' ratio non2xx timeouts
printf '%-52s %-9s %-9s %10s %9s %9s %8s %7s %8s\n' "/ (static copy, nginx)" ceiling - "$CEIL_RPS" "$CEIL_P50" "$CEIL_P99" 1.00 0 0
declare -A RPS P99
# warm URL MODE SECONDS — the same load, not counted: warm code, and a warm cache entry when cached.
warm() {
    if [[ $2 == cached ]]; then wrk -t2 -c64 -d"$3s" "$1" >/dev/null; else wrk -t2 -c64 -d"$3s" -H "Cookie: $COOKIE" "$1" >/dev/null; fi
}
# run_page LABEL-INSTANCES BASE MODE PATH
run_page() {
    local n=$1 base=$2 mode=$3 p=$4 r rps p50 p99 bad timeouts ratio
    warm "$base$p" "$mode" 2
    if [[ $mode == cached ]]; then r=$(wrk_run "$base$p"); else r=$(wrk_run "$base$p" "Cookie: $COOKIE"); fi
    read -r rps p50 p99 bad timeouts <<<"$r"
    ratio=$(awk -v a="$rps" -v b="$CEIL_RPS" 'BEGIN { printf "%.2f", a / b }')
    printf '%-52s %-9s %-9s %10s %9s %9s %8s %7s %8s\n' "$p" "$mode" "$n" "$rps" "$p50" "$p99" "$ratio" "$bad" "$timeouts"
    RPS[$n,$mode,$p]=$rps P99[$n,$mode,$p]=$p99
}
for p in "${PATHS[@]}"; do run_page "1 direct" "$ONE" cached "$p"; done
for n in 1 2; do
    bash deploy/scale.sh up "$n" >"$SCALE/bench-up.log" 2>&1 || { tail -n 30 "$SCALE/bench-up.log" >&2; die "scale.sh up $n failed"; }
    # A freshly started instance compiles each page's code on first use: 5 s of every page both ways first, not counted
    # (with only run_page's own 2 s, a new second instance timed out hundreds of signed-in requests while it warmed).
    for p in "${PATHS[@]}"; do warm "$PROXY$p" cached 5; warm "$PROXY$p" uncached 5; done
    for mode in cached uncached; do
        for p in "${PATHS[@]}"; do run_page "$n" "$PROXY" "$mode" "$p"; done
    done
done
echo

INTERACTIONS=${SENDDASH_BENCH_INTERACTIONS:-100}
log "interactive circuits: $CIRCUITS /actions pages on instance 1 (pid $PID1), then $INTERACTIONS interactions"
ensure_chromium
dotnet build "$ROOT/tests/SendDashboard.Benchmarks/SendDashboard.Benchmarks.csproj" -c Release -v q -nologo >&2 || die "build failed"
circ=$(dotnet "$ROOT/tests/SendDashboard.Benchmarks/bin/Release/net10.0/SendDashboard.Benchmarks.dll" circuits \
    --url "$ONE" --pid "$PID1" --pages "$CIRCUITS" --interactions "$INTERACTIONS" --gcdump "$GCDUMP")
echo "$circ"
KB=$(grep -oE '(^| )kb_per_circuit=[0-9.-]+' <<<"$circ" | tail -n 1 | cut -d= -f2)

# The summary, per instance count through nginx: cached = the home page anonymously; uncached p99 = the worst of the
# four signed-in pages. The last line is 2 instances'.
for n in 1 2; do
    cached=${RPS[$n,cached,/]}
    ratio=$(awk -v a="$cached" -v b="$CEIL_RPS" 'BEGIN { printf "%.2f", a / b }')
    up99=0
    for p in "${PATHS[@]}"; do up99=$(awk -v a="$up99" -v b="${P99[$n,uncached,$p]}" 'BEGIN { print (b > a ? b : a) }'); done
    echo "load instances=$n cached_rps=$cached ceiling_rps=$CEIL_RPS ratio=$ratio uncached_p99_ms=$up99 kb_per_circuit=$KB"
done
