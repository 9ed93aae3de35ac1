#!/usr/bin/env bash
# End-to-end check of the local platform, as a user would do it:
#   up → password token → /me through the gateway → personal workspace Ready → kubectl sees it → down → no process left.
# With --kubernetes=real (passed on to up) it also checks, on the real control plane: the Workspace's Ready=True
# condition, a member kubeconfig from the API (pods of its namespace listed, other namespaces forbidden, by the API
# server's RBAC) and an app install from the catalog.
# Starts the whole platform (minutes on a busy machine), so ./mvnw verify does not run it:
#   bash platform/devstack/src/test/sh/smoke.sh [--kubernetes=real]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../../.." && pwd)"
cd "$ROOT"
passed=0
failed=0

check() { # check <description> <command…>
  local what="$1"
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "smoke: ok   - $what"
  else
    failed=$((failed + 1))
    echo "smoke: FAIL - $what"
  fi
}

token() {
  curl -sf -d grant_type=password -d client_id="$SEALCLOUD_CLIENT_ID" -d username="$1" -d password="$2" \
    "$SEALCLOUD_KEYCLOAK_URL/realms/$SEALCLOUD_REALM/protocol/openid-connect/token" \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}

workspace_ready() { # the /workspaces item of $1 says ready
  curl -sf -H "Authorization: Bearer $TOKEN" "$SEALCLOUD_GATEWAY_URL/api/accounts/v1/workspaces" \
    | grep -o "{\"id\":\"$1\"[^}]*}" | grep -q '"ready":true'
}

await() { # await <seconds> <command…>
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 2
  done
}

real=false
for arg in "$@"; do [[ "$arg" == "--kubernetes=real" ]] && real=true; done

# Every process of the platform: the recorded roots and all their descendants (the real control plane's etcd,
# kube-apiserver and kube-controller-manager are children of the kubernetes component).
tree() {
  local all="" queue
  queue="$(awk '{print $1}' .sealcloud/pids/*.pid)"
  while [[ -n "$queue" ]]; do
    all="$all $queue"
    queue="$(for p in $queue; do ps -o pid= --ppid "$p"; done | tr -s ' \n' ' ')"
    queue="${queue# }"
  done
  echo "$all"
}

./sealcloud up "$@"
check "endpoints.env written" test -f .sealcloud/endpoints.env
# shellcheck disable=SC1091
source .sealcloud/endpoints.env
pids="$(tree)"

check "a second up says it is already up" bash -c './sealcloud up | grep -q "already up"'
check "the gateway answers a request without a token with 401" \
  test "$(curl -s -o /dev/null -w '%{http_code}' "$SEALCLOUD_GATEWAY_URL/api/accounts/v1/me")" = 401
check "the gateway answers an unknown prefix with a 404 problem" \
  bash -c "curl -s -i '$SEALCLOUD_GATEWAY_URL/api/nothing/v1' | grep -qi 'content-type: application/problem+json'"

TOKEN="$(token "$SEALCLOUD_DEMO_USER" "$SEALCLOUD_DEMO_PASSWORD")"
check "the demo user gets a token" test -n "$TOKEN"
me="$(curl -sf -H "Authorization: Bearer $TOKEN" "$SEALCLOUD_GATEWAY_URL/api/accounts/v1/me" || true)"
check "/me through the gateway names the demo user" grep -q "\"username\":\"$SEALCLOUD_DEMO_USER\"" <<<"$me"
workspace="$(sed -nE 's/.*"personalWorkspaceId":"([^"]+)".*/\1/p' <<<"$me")"
check "the demo user has a personal workspace" test -n "$workspace"
check "the personal workspace becomes ready" await 180 workspace_ready "$workspace"
if command -v kubectl >/dev/null; then
  check "kubectl sees the Workspace" \
    kubectl --kubeconfig "$SEALCLOUD_KUBECONFIG" get workspace "$workspace"
  check "kubectl sees its namespace" \
    kubectl --kubeconfig "$SEALCLOUD_KUBECONFIG" get namespace "ns-$workspace"
fi

if $real; then
  check "kubectl (no --validate=false) shows the Workspace Ready=True" \
    bash -c "kubectl --kubeconfig '$SEALCLOUD_KUBECONFIG' get workspace '$workspace' \
      -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -qx True"
  member="$(mktemp)"
  curl -sf -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{}' \
    "$SEALCLOUD_GATEWAY_URL/api/accounts/v1/workspaces/$workspace/kubeconfig" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["kubeconfig"])' >"$member" || true
  check "the API issues a kubeconfig for the workspace" grep -q "ns-$workspace" "$member"
  check "that kubeconfig lists the pods of its namespace" \
    kubectl --kubeconfig "$member" get pods -n "ns-$workspace"
  check "that kubeconfig is forbidden in another namespace" \
    bash -c "kubectl --kubeconfig '$member' get pods -n kube-system 2>&1 | grep -q Forbidden"
  rm -f "$member"
  # The first catalog app this cloud accepts (a template with a kind the cluster does not serve is refused with 422).
  app=""
  templates="$(curl -sf -H "Authorization: Bearer $TOKEN" "$SEALCLOUD_GATEWAY_URL/api/appstore/v1/templates?size=100" \
    | python3 -c 'import json,sys; print(" ".join(i["name"] + ":" + i["latestVersion"] for i in json.load(sys.stdin)["items"]))' || true)"
  for entry in $templates; do
    template="${entry%%:*}"
    status="$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: application/json' -H "Idempotency-Key: smoke-$workspace-$template" \
      -d "{\"template\":\"$template\",\"version\":\"${entry#*:}\",\"name\":\"smoke-$template\"}" \
      "$SEALCLOUD_GATEWAY_URL/api/appstore/v1/workspaces/$workspace/apps")"
    echo "smoke: install $template → $status"
    if [[ "$status" == 201 ]]; then app="smoke-$template"; break; fi
  done
  check "an app from the catalog is accepted for install (201)" test -n "$app"
  app_ready() {
    curl -sf -H "Authorization: Bearer $TOKEN" \
      "$SEALCLOUD_GATEWAY_URL/api/appstore/v1/workspaces/$workspace/apps/$app" | grep -q '"state":"ready"'
  }
  check "the app turns ready (its pods run on the kubelet stand-in)" await 180 app_ready
fi

./sealcloud down
left=""
for pid in $pids; do
  if kill -0 "$pid" 2>/dev/null; then left="$left $pid"; fi
done
check "no process of the platform remains after down" test -z "$left"
check "status reports it stopped" bash -c '! ./sealcloud status >/dev/null'

echo "smoke: $passed passed, $failed failed"
((failed == 0))
