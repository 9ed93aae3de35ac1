#!/usr/bin/env bash
# Time to first request and RSS after it: the accounts service beside a bare Quarkus REST app, same JVM, same flags.
#
#   ./sealcloud up                      # accounts needs its infrastructure; the bare app needs none
#   docs/benchmarks/startup.sh [runs]   # default 5 runs each; prints a Markdown table
#
# Time to first request = from the JVM's fork to the first 200 answer of the app's main endpoint:
#   bare app: GET /hello; accounts: GET /api/accounts/v1/me with a real token from the local Keycloak
#   (so the OIDC key fetch, the database and the first JIT sign-in path are included).
# RSS = the process's resident set right after that first answer (ps -o rss).
# A second accounts instance runs beside the one `up` started, with that one's environment and another port: it does
# not take the Lease or the relay lock, which happens after startup and is not on the request path.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
# The local platform runs every service with these flags (platform/devstack); both apps get the same ones.
JAVA_OPTS=${JAVA_OPTS:--XX:+UseSerialGC -Xms32m -Xmx512m}

[ -f .sealcloud/endpoints.env ] || { echo "run ./sealcloud up first" >&2; exit 1; }
# shellcheck disable=SC1091
source .sealcloud/endpoints.env
pidfile=$(ls .sealcloud/pids/accounts.pid 2>/dev/null || true)
[ -n "$pidfile" ] || { echo "accounts is not running under ./sealcloud" >&2; exit 1; }

[ -f docs/benchmarks/bare-app/target/quarkus-app/quarkus-run.jar ] ||
    ./mvnw -B -q -f docs/benchmarks/bare-app/pom.xml package -DskipTests
[ -f services/accounts/target/quarkus-app/quarkus-run.jar ] || { echo "build accounts first" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }

token=$(curl -sf -d grant_type=password -d "client_id=$SEALCLOUD_CLIENT_ID" -d "username=$SEALCLOUD_DEMO_USER" \
    -d "password=$SEALCLOUD_DEMO_PASSWORD" \
    "$SEALCLOUD_KEYCLOAK_URL/realms/$SEALCLOUD_REALM/protocol/openid-connect/token" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

# The running accounts' environment, minus its port.
# (the pid file holds "pid start-time")
mapfile -t accounts_env < <(tr '\0' '\n' < "/proc/$(cut -d' ' -f1 "$pidfile")/environ" |
    grep -E '^(QUARKUS_|KAFKA_|KUBECONFIG|SEALCLOUD_)' | grep -vE '^QUARKUS_(HTTP|MANAGEMENT)_PORT=')

# measure NAME URL AUTH -- command...  → prints "ms rss_kb"
measure() {
    local url=$1 auth=$2; shift 2
    local start pid code=000 t rss
    start=$(now_ms)
    "$@" > "target/bench-$$.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 3000); do
        code=$(curl -s -o /dev/null -w '%{http_code}' ${auth:+-H "Authorization: Bearer $auth"} "$url" || true)
        [ "$code" = 200 ] && break
        sleep 0.01
    done
    t=$(( $(now_ms) - start ))
    rss=$(ps -o rss= -p "$pid" | tr -d ' ')
    kill "$pid"; wait "$pid" 2>/dev/null || true
    [ "$code" = 200 ] || { echo "no 200 from $url (last $code); log: target/bench-$$.log" >&2; exit 1; }
    echo "$t $rss"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

mkdir -p target
declare -a bare_t bare_r acc_t acc_r
for i in $(seq 1 "$runs"); do
    p=$(free_port)
    read -r t r < <(measure "http://localhost:$p/hello" "" \
        env QUARKUS_HTTP_PORT="$p" java $JAVA_OPTS -jar docs/benchmarks/bare-app/target/quarkus-app/quarkus-run.jar)
    bare_t+=("$t"); bare_r+=("$r")
    p=$(free_port)
    read -r t r < <(measure "http://localhost:$p/api/accounts/v1/me" "$token" \
        env "${accounts_env[@]}" QUARKUS_HTTP_PORT="$p" QUARKUS_MANAGEMENT_PORT="$(free_port)" java $JAVA_OPTS -jar services/accounts/target/quarkus-app/quarkus-run.jar)
    acc_t+=("$t"); acc_r+=("$r")
    echo "run $i: bare ${bare_t[-1]} ms ${bare_r[-1]} kB | accounts ${acc_t[-1]} ms ${acc_r[-1]} kB" >&2
done

bt=$(printf '%s\n' "${bare_t[@]}" | median); br=$(printf '%s\n' "${bare_r[@]}" | median)
at=$(printf '%s\n' "${acc_t[@]}" | median); ar=$(printf '%s\n' "${acc_r[@]}" | median)
echo
echo "| median of $runs runs ($(nproc) cores, $(java -version 2>&1 | head -1 | cut -d'"' -f2), JAVA_OPTS='${JAVA_OPTS}') | time to first request | RSS after it |"
echo "|---|---|---|"
echo "| bare Quarkus REST app | ${bt} ms | $((br / 1024)) MB |"
echo "| accounts | ${at} ms | $((ar / 1024)) MB |"
awk -v at="$at" -v bt="$bt" -v ar="$ar" -v br="$br" \
    'BEGIN { printf "| ratio accounts / bare | %.2f× | %.2f× |\n", at/bt, ar/br }'
