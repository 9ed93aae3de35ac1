#!/bin/sh
# Runs once after k3s is healthy: writes a kubeconfig that other containers can use (k3s writes one for
# https://127.0.0.1:6443; inside the compose network the API server is https://k3s:6443, a name its certificate
# carries thanks to --tls-san=k3s) and installs the CRDs the services reconcile.
set -eu

sed 's#https://127.0.0.1:6443#https://k3s:6443#' /output/kubeconfig.yaml > /output/kubeconfig-internal.yaml
chmod 644 /output/kubeconfig-internal.yaml
export KUBECONFIG=/output/kubeconfig-internal.yaml

found=0
for crd in /crds/*/*.yml /crds/*/*.yaml; do
    [ -f "$crd" ] || continue
    found=1
    kubectl apply -f "$crd"
done
if [ "$found" -eq 0 ]; then
    echo "k3s-init: no CRDs under /crds: build first with ./mvnw -B -q package -DskipTests" >&2
    exit 1
fi
for crd in $(kubectl get crd -o name | grep 'sealcloud.io$'); do
    kubectl wait --for=condition=Established --timeout=60s "$crd"
done
