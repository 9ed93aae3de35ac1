#!/usr/bin/env bash
# Time to first request and RSS after it: the accounts service beside a bare Quarkus REST app, same JVM, same flags.
#
#   ./sealcloud up                      # accounts needs its infrastructure; the bare app needs none
#   docs/benchmarks/startup.sh [runs]   # default 5 runs each, alternating; prints a Markdown table
#
# Time to first request = from the JVM's fork to the first 200 answer of the app's main endpoint:
#   bare app: GET /hello; accounts: GET /api/accounts/v1/me with a real token from the local Keycloak
#   (so the OIDC key fetch, the database and the first JIT sign-in path are included).
# CPU = user + system time the process used until then (all its threads): less sensitive than the wall time to other
#   work on the machine, so levers are compared on both.
# RSS = the process's resident set right after that first answer (ps -o rss); with SETTLE=15 also 15 s later, once
#   what starts beside the first request (controllers, outbox relay) has started too.
# JVM flags: by default exactly those of the accounts process `./sealcloud up` runs (ps shows them), for both apps;
#   JAVA_OPTS='…' overrides them. Each app runs from its own quarkus-app directory, so a relative
#   -XX:SharedArchiveFile=app-cds.jsa means each app's own class-data-sharing archive (both builds make one).
# JAVA=/path/to/java runs both apps on another JDK (default: the one the platform runs accounts with).
# AOT_CACHE=1 (JDK >= 25): each app first makes its own AOT cache (target/quarkus-app/app.aot) in a training run that
#   is the same start and first request, then every measured run uses it (-XX:AOTCache=app.aot instead of any
#   -XX:SharedArchiveFile). Delete the app.aot files to train again after a build.
# A second accounts instance runs beside the one `up` started, with that one's environment and another port: it does
# not take the Lease or the relay lock, which happens after startup and is not on the request path.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
root=$(pwd)

[ -f .sealcloud/endpoints.env ] || { echo "run ./sealcloud up first" >&2; exit 1; }
# shellcheck disable=SC1091
source .sealcloud/endpoints.env
pidfile=$(ls .sealcloud/pids/accounts.pid 2>/dev/null || true)
[ -n "$pidfile" ] || { echo "accounts is not running under ./sealcloud" >&2; exit 1; }
accounts_pid=$(cut -d' ' -f1 "$pidfile")
# The flags the local platform gives the service: everything between the java binary and -jar.
JAVA_OPTS=${JAVA_OPTS:-$(tr '\0' '\n' < "/proc/$accounts_pid/cmdline" | sed -n '2,/^-jar$/p' | sed '$d' | tr '\n' ' ')}
# The same JDK, and the same malloc tuning if the platform sets one.
java_bin=${JAVA:-$(tr '\0' '\n' < "/proc/$accounts_pid/cmdline" | head -1)}
mapfile -t jvm_env < <(tr '\0' '\n' < "/proc/$accounts_pid/environ" | grep -E '^MALLOC_ARENA_MAX=' || true)

[ -f docs/benchmarks/bare-app/target/quarkus-app/quarkus-run.jar ] ||
    ./mvnw -B -q -f docs/benchmarks/bare-app/pom.xml package -DskipTests
[ -f services/accounts/target/quarkus-app/quarkus-run.jar ] || { echo "build accounts first" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }

# A fresh token per run: under load one run can outlast the realm's access-token lifespan.
new_token() {
    curl -sf -d grant_type=password -d "client_id=$SEALCLOUD_CLIENT_ID" -d "username=$SEALCLOUD_DEMO_USER" \
        -d "password=$SEALCLOUD_DEMO_PASSWORD" \
        "$SEALCLOUD_KEYCLOAK_URL/realms/$SEALCLOUD_REALM/protocol/openid-connect/token" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

# The running accounts' environment, minus its port.
# (the pid file holds "pid start-time")
mapfile -t accounts_env < <(tr '\0' '\n' < "/proc/$accounts_pid/environ" |
    grep -E '^(QUARKUS_|KAFKA_|KUBECONFIG|SEALCLOUD_)' | grep -vE '^QUARKUS_(HTTP|MANAGEMENT)_PORT=')

# measure DIR URL AUTH -- command...  → prints "ms cpu_ms rss_kb [settled_rss_kb]"; the command runs in DIR
measure() {
    local dir=$1 url=$2 auth=$3; shift 3
    local start pid code=000 t cpu rss settled=""
    start=$(now_ms)
    (cd "$dir" && exec "$@") > "$root/target/bench-$$.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 6000); do
        code=$(curl -s -o /dev/null -w '%{http_code}' ${auth:+-H "Authorization: Bearer $auth"} "$url" || true)
        [ "$code" = 200 ] && break
        sleep 0.01
    done
    t=$(( $(now_ms) - start ))
    rss=$(ps -o rss= -p "$pid" | tr -d ' ')
    cpu=$(awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$pid/stat")
    if [ -n "${SETTLE:-}" ]; then
        sleep "$SETTLE"
        settled=$(ps -o rss= -p "$pid" | tr -d ' ')
    fi
    kill "$pid"; wait "$pid" 2>/dev/null || true
    [ "$code" = 200 ] || { echo "no 200 from $url (last $code); log: target/bench-$$.log" >&2; exit 1; }
    echo "$t $cpu $rss $settled"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

mkdir -p target
bare_dir=docs/benchmarks/bare-app/target/quarkus-app
accounts_dir=services/accounts/target/quarkus-app
if [ -n "${AOT_CACHE:-}" ]; then
    JAVA_OPTS="$(sed -E 's/-XX:SharedArchiveFile=[^ ]*//' <<<"$JAVA_OPTS")"
    for dir in "$bare_dir" "$accounts_dir"; do
        [ -f "$dir/app.aot" ] && continue
        p=$(free_port)
        echo "training the AOT cache of $dir (one start and first request; the cache is written at exit)" >&2
        if [ "$dir" = "$bare_dir" ]; then
            # shellcheck disable=SC2086
            measure "$dir" "http://localhost:$p/hello" "" env "${jvm_env[@]}" QUARKUS_HTTP_PORT="$p" \
                "$java_bin" $JAVA_OPTS -XX:AOTCacheOutput=app.aot -jar quarkus-run.jar >/dev/null
        else
            # shellcheck disable=SC2086
            measure "$dir" "http://localhost:$p/api/accounts/v1/me" "$(new_token)" \
                env "${jvm_env[@]}" "${accounts_env[@]}" QUARKUS_HTTP_PORT="$p" QUARKUS_MANAGEMENT_PORT="$(free_port)" \
                "$java_bin" $JAVA_OPTS -XX:AOTCacheOutput=app.aot -jar quarkus-run.jar >/dev/null
        fi
        [ -f "$dir/app.aot" ] || { echo "no AOT cache written in $dir (JDK >= 25 needed: JAVA=…)" >&2; exit 1; }
    done
    JAVA_OPTS="$JAVA_OPTS -XX:AOTCache=app.aot"
fi
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
declare -a bare_t bare_c bare_r bare_s acc_t acc_c acc_r acc_s
for i in $(seq 1 "$runs"); do
    p=$(free_port)
    # shellcheck disable=SC2086
    read -r t c r s < <(measure "$bare_dir" "http://localhost:$p/hello" "" \
        env "${jvm_env[@]}" QUARKUS_HTTP_PORT="$p" "$java_bin" $JAVA_OPTS -jar quarkus-run.jar)
    bare_t+=("$t"); bare_c+=("$c"); bare_r+=("$r"); bare_s+=("${s:-0}")
    p=$(free_port)
    token=$(new_token)
    # shellcheck disable=SC2086
    read -r t c r s < <(measure "$accounts_dir" "http://localhost:$p/api/accounts/v1/me" "$token" \
        env "${jvm_env[@]}" "${accounts_env[@]}" QUARKUS_HTTP_PORT="$p" QUARKUS_MANAGEMENT_PORT="$(free_port)" \
        "$java_bin" $JAVA_OPTS -jar quarkus-run.jar)
    acc_t+=("$t"); acc_c+=("$c"); acc_r+=("$r"); acc_s+=("${s:-0}")
    echo "run $i: bare ${bare_t[-1]} ms (cpu ${bare_c[-1]} ms) ${bare_r[-1]} kB | accounts ${acc_t[-1]} ms (cpu ${acc_c[-1]} ms) ${acc_r[-1]} kB | load $(cut -d' ' -f1 /proc/loadavg)" >&2
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

med() { printf '%s\n' "$@" | median; }
bt=$(med "${bare_t[@]}"); bc=$(med "${bare_c[@]}"); br=$(med "${bare_r[@]}"); bs=$(med "${bare_s[@]}")
at=$(med "${acc_t[@]}"); ac=$(med "${acc_c[@]}"); ar=$(med "${acc_r[@]}"); as=$(med "${acc_s[@]}")
settled_head="" settled_sep="" bare_settled="" acc_settled="" ratio_settled=""
if [ -n "${SETTLE:-}" ]; then
    settled_head=" RSS ${SETTLE} s later |"; settled_sep="---|"
    bare_settled=" $((bs / 1024)) MB |"; acc_settled=" $((as / 1024)) MB |"
    ratio_settled=$(awk -v a="$as" -v b="$bs" 'BEGIN { printf " %.2f× |", a/b }')
fi
echo
echo "median of $runs runs, alternating; $(nproc) cores, JDK $("$java_bin" -version 2>&1 | head -1 | cut -d'"' -f2); load average before $load_before, after $load_after"
echo "JAVA_OPTS='${JAVA_OPTS% }'${jvm_env[*]:+, ${jvm_env[*]}}"
echo
echo "| | time to first request | CPU time until then | RSS after it |${settled_head}"
echo "|---|---|---|---|${settled_sep}"
echo "| bare Quarkus REST app | ${bt} ms | ${bc} ms | $((br / 1024)) MB |${bare_settled}"
echo "| accounts | ${at} ms | ${ac} ms | $((ar / 1024)) MB |${acc_settled}"
awk -v at="$at" -v bt="$bt" -v ac="$ac" -v bc="$bc" -v ar="$ar" -v br="$br" -v rs="$ratio_settled" \
    'BEGIN { printf "| ratio accounts / bare | %.2f× | %.2f× | %.2f× |%s\n", at/bt, ac/bc, ar/br, rs }'
