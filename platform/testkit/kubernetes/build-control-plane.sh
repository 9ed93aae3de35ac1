#!/usr/bin/env bash
# Builds (or reuses) a real Kubernetes control plane for the tests and the local platform:
# etcd from Debian's etcd-server package, kube-apiserver and kube-controller-manager built from Debian
# bookworm's *source* package `kubernetes` with Debian's Go. No prebuilt binary is downloaded from anywhere.
#
# The binaries are cached per version outside target/ (so `mvn clean` keeps them):
#   ${SEALCLOUD_KUBE_CACHE:-$HOME/.cache/sealcloud/kubernetes}/<version>/{kube-apiserver,kube-controller-manager,etcd}
# A second run with the cache present takes well under a second. Cold: about 10 minutes on 2 cores.
#
# Usage: build-control-plane.sh [--print-dir] [--check]
#   --print-dir  print the cache directory of this version on stdout (after building if needed)
#   --check      exit 0 if the binaries are cached, 1 otherwise; builds nothing
# Needs root (apt-get) on a machine without the Debian packages below, or the packages already installed.
set -euo pipefail

VERSION=1.20.2
DEB_SOURCE_VERSION="1.20.5+really1.20.2-1.1+deb12u1"
CACHE_ROOT="${SEALCLOUD_KUBE_CACHE:-${HOME:-/root}/.cache/sealcloud/kubernetes}"
OUT="$CACHE_ROOT/v$VERSION"
PACKAGES=(etcd-server golang-go golang-github-modern-go-reflect2-dev make rsync dpkg-dev openssl)

say() { echo "[control-plane] $*" >&2; }
die() { echo "[control-plane] ERROR: $*" >&2; exit 1; }

print_dir=false
case "${1:-}" in
  --check) [[ -x "$OUT/kube-apiserver" && -x "$OUT/kube-controller-manager" && -x "$OUT/etcd" ]]; exit $? ;;
  --print-dir) print_dir=true ;;
  "") ;;
  *) die "unknown argument $1 (use --print-dir or --check)" ;;
esac

done_already() { [[ -x "$OUT/kube-apiserver" && -x "$OUT/kube-controller-manager" && -x "$OUT/etcd" ]]; }
if done_already; then
  $print_dir && echo "$OUT"
  exit 0
fi

mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.build.lock"
say "waiting for the build lock $CACHE_ROOT/.build.lock (another build may be running)"
flock 9
if done_already; then $print_dir && echo "$OUT"; exit 0; fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    die "missing Debian packages: ${missing[*]} — install them as root: apt-get install -y ${missing[*]}"
  fi
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || die "apt-get update failed"
  apt-get install -y -qq "${missing[@]}" >&2 || die "apt-get install ${missing[*]} failed"
fi

WORK="$CACHE_ROOT/build-v$VERSION"
rm -rf "$WORK"
mkdir -p "$WORK/apt/lists/partial" "$WORK/src"

# A private deb-src list made from the machine's own Debian mirrors (bookworm main), so /etc/apt stays untouched.
uris=$( { grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources || true; } | awk '{for(i=2;i<=NF;i++) print $i}';
        { grep -hsE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list || true; } \
          | awk '{print ($2 ~ /^\[/) ? $3 : $2}')
uris=$(printf '%s\n' "$uris" | grep -v -- '-security' | grep -iE '/debian/?$' | sort -u || true)
[[ -n "$uris" ]] || die "no Debian mirror found in /etc/apt/sources.list*: cannot fetch the kubernetes source package"
: > "$WORK/apt/sources.list"
for u in $uris; do echo "deb-src [trusted=yes] $u bookworm main" >> "$WORK/apt/sources.list"; done
APT_OPTS=(-o "Dir::Etc::SourceList=$WORK/apt/sources.list" -o "Dir::Etc::SourceParts=-"
          -o "Dir::State::Lists=$WORK/apt/lists" -o "APT::Get::List-Cleanup=0")
say "fetching the source index (bookworm main)"
apt-get "${APT_OPTS[@]}" update -qq >&2 || die "apt-get update of the deb-src list failed"
say "downloading Debian's kubernetes source package ($DEB_SOURCE_VERSION)"
(cd "$WORK/src" && apt-get "${APT_OPTS[@]}" source --download-only "kubernetes=$DEB_SOURCE_VERSION" || apt-get "${APT_OPTS[@]}" source --download-only kubernetes >&2) \
  || die "apt-get source kubernetes=$DEB_SOURCE_VERSION failed"
orig=$(ls "$WORK"/src/kubernetes_*.orig.tar.* 2>/dev/null | head -n1)
[[ -n "$orig" ]] || die "the source package has no orig tarball"

GOPATH_DIR="$WORK/gopath"
TREE="$GOPATH_DIR/src/k8s.io/kubernetes"
mkdir -p "$TREE"
say "unpacking $(basename "$orig")"
tar -xf "$orig" -C "$TREE" --strip-components=1

# The vendored reflect2 does not build with Go >= 1.18; Debian's packaged reflect2 does.
r2=/usr/share/gocode/src/github.com/modern-go/reflect2
[[ -d $r2 ]] || die "$r2 missing (package golang-github-modern-go-reflect2-dev)"
rm -f "$TREE"/vendor/github.com/modern-go/reflect2/*.go "$TREE"/vendor/github.com/modern-go/reflect2/*.s
cp "$r2"/*.go "$TREE"/vendor/github.com/modern-go/reflect2/
cp "$r2"/*.s "$TREE"/vendor/github.com/modern-go/reflect2/ 2>/dev/null || true
rm -f "$TREE"/vendor/github.com/modern-go/reflect2/*_test.go

export GOPATH="$GOPATH_DIR" GOPROXY=off GOFLAGS=-mod=vendor GO111MODULE=on CGO_ENABLED=0 KUBE_GIT_VERSION="v$VERSION" \
       KUBE_GIT_TREE_STATE=clean GOCACHE="$WORK/gocache"
for what in kube-apiserver kube-controller-manager; do
  say "building $what with $(go version | awk '{print $3}') (several minutes on 2 cores)"
  start=$(date +%s)
  (cd "$TREE" && make WHAT="cmd/$what" >&2) || die "building $what failed (see the output above)"
  say "built $what in $(( $(date +%s) - start )) s"
done

mkdir -p "$OUT.tmp"
cp "$TREE/_output/local/go/bin/kube-apiserver" "$TREE/_output/local/go/bin/kube-controller-manager" "$OUT.tmp/" 2>/dev/null \
  || cp "$TREE"/_output/bin/kube-apiserver "$TREE"/_output/bin/kube-controller-manager "$OUT.tmp/"
cp /usr/bin/etcd "$OUT.tmp/etcd"
rm -rf "$OUT" && mv "$OUT.tmp" "$OUT"
rm -rf "$WORK"
say "control plane v$VERSION ready in $OUT"
$print_dir && echo "$OUT"
exit 0
