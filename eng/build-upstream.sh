#!/usr/bin/env bash
# Builds the upstream K2HR3 software from its released sources into one prefix, for the AppHost's processes runtime,
# the tests, and machines without Docker or packagecloud access:
#   fullock -> k2hash -> chmpx -> k2hdkc (autotools) -> the k2hdkc Node addon -> k2hr3-api -> k2hr3-app (npm)
# Result:  <prefix>/bin (chmpx, chmpxstatus, k2hdkc, k2hdkclinetool)  <prefix>/lib  <prefix>/k2hr3-api  <prefix>/k2hr3-app
# Then:    dotnet run --project K2hr3.AppHost -- --K2hr3:Upstream:Prefix=<prefix>   (the script prints it)
#
# Fixes of ours to upstream bugs, each explained at its top, are applied from eng/patches/<component>/*.patch.
# Versions are pinned in eng/upstream.versions. Sources: --sources DIR (source archives <name>-<version>.tar.gz and a
# SHA256SUMS file, verified before use); by default ../shared/upstream beside the repository when it exists, otherwise
# the release tags are downloaded from GitHub into the cache. A second run with the same inputs does nothing.
# Build dependencies come from Debian: .ci/setup-machine installs them (or see `apt_packages` below).
# Exit status: 0 built or up to date, 1 a build step or check failed, 2 usage, 3 no source archives could be had.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
# shellcheck source=upstream.versions
. "$here/upstream.versions"
# shellcheck source=common.sh
. "$here/common.sh"

components=(fullock k2hash chmpx k2hdkc k2hdkc_nodejs k2hr3_api k2hr3_app)
# Bump when the build steps below change what lands in the prefix: it is part of the prefix's name.
recipe=1
apt_packages="autoconf automake libtool pkg-config g++ make patch libyaml-dev libgcrypt20-dev zlib1g-dev libssl-dev"
cache_root=${K2HR3_UPSTREAM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/k2hr3}

usage() {
  cat <<EOF
usage: bash eng/build-upstream.sh [--sources DIR] [--prefix DIR] [--jobs N] [--print-prefix] [--quiet]

  --sources DIR    source archives (<name>-<version>.tar.gz) and their SHA256SUMS
                   (default: ../shared/upstream beside the repository if present, else download from GitHub)
  --prefix DIR     where to install (default: $cache_root/upstream/<hash of versions and sources>)
  --jobs N         parallel make jobs (default: $(nproc))
  --print-prefix   print the prefix these inputs build into, and exit (builds nothing)
  --quiet          print only errors and the final prefix line
EOF
}

sources=""; prefix=""; jobs=$(nproc); print_prefix=0; quiet=0
while [ $# -gt 0 ]; do
  case "$1" in
    --sources) sources=${2:?--sources needs a folder}; shift 2 ;;
    --prefix) prefix=${2:?--prefix needs a folder}; shift 2 ;;
    --jobs) jobs=${2:?--jobs needs a number}; shift 2 ;;
    --print-prefix) print_prefix=1; shift ;;
    --quiet) quiet=1; shift ;;
    *) help_or_usage_error "$1" ;;
  esac
done


version_of() { eval "printf '%s' \"\${$1:?eng/upstream.versions has no version for $1}\""; }
archive_of() { printf '%s-%s.tar.gz' "$1" "$(version_of "$1")"; }

# --- sources ------------------------------------------------------------------------------------------------------
if [ -z "$sources" ]; then
  if [ -f "$repo/../shared/upstream/SHA256SUMS" ]; then
    sources=$(cd "$repo/../shared/upstream" && pwd)
  elif [ "$print_prefix" -eq 1 ] && [ ! -f "$cache_root/sources/SHA256SUMS" ]; then
    echo "error: no source archives yet (../shared/upstream is absent and nothing was downloaded)" >&2
    exit 3
  else
    sources="$cache_root/sources"
    mkdir -p "$sources"
    for c in "${components[@]}"; do
      a=$(archive_of "$c")
      [ -f "$sources/$a" ] && continue
      url="https://github.com/yahoojapan/$c/archive/refs/tags/v$(version_of "$c").tar.gz"
      say "downloading $c $(version_of "$c") from $url"
      if ! curl -fsSL --retry 2 --connect-timeout 15 -o "$sources/$a.part" "$url"; then
        rm -f "$sources/$a.part"
        echo "error: $c $(version_of "$c"): download of $url failed (no internet? use --sources DIR)" >&2
        exit 3
      fi
      mv "$sources/$a.part" "$sources/$a"
    done
    # Trust on first download: the checksums are recorded then and verified on every later run.
    (cd "$sources" && for c in "${components[@]}"; do a=$(archive_of "$c"); grep -q "  $a\$" SHA256SUMS 2>/dev/null || sha256sum "$a" >>SHA256SUMS; done)
  fi
fi
[ -d "$sources" ] || die "--sources $sources: no such folder"
sources=$(cd "$sources" && pwd)
[ -f "$sources/SHA256SUMS" ] || die "$sources has no SHA256SUMS file: every source archive must be listed there with its SHA-256"

expected_sums=""
for c in "${components[@]}"; do
  a=$(archive_of "$c")
  [ -f "$sources/$a" ] || die "$c $(version_of "$c"): source archive $a is missing from $sources"
  want=$(awk -v f="$a" '$2 == f || $2 == "*"f { print $1 }' "$sources/SHA256SUMS")
  [ -n "$want" ] || die "$c $(version_of "$c"): $a is not listed in $sources/SHA256SUMS"
  expected_sums+="$want $a"$'\n'
done

# --- prefix: named after everything that decides its contents -------------------------------------------------------
patches_of() { # the patch files of component $1, in the order they apply
  compgen -G "$here/patches/$1/*.patch" | sort || true
}
inputs_hash=$( { echo "recipe=$recipe"; grep -v '^#' "$here/upstream.versions"; printf '%s' "$expected_sums"
  for c in "${components[@]}"; do for f in $(patches_of "$c"); do echo "patch $c $(basename "$f")"; cat "$f"; done; done; } | sha256sum | cut -c1-12)
[ -n "$prefix" ] || prefix="$cache_root/upstream/$inputs_hash"
if [ "$print_prefix" -eq 1 ]; then echo "$prefix"; exit 0; fi
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)
stamps="$prefix/.stamps"; logs="$prefix/logs"; work="$prefix/.work"
mkdir -p "$stamps" "$logs"

# One build per prefix at a time (a developer's run and a test run may start together).
exec 9>"$prefix/.lock"
flock -w 3600 9 || die "another build holds $prefix/.lock"

# A prefix built from other inputs (same --prefix, new versions) starts over.
if [ "$(cat "$stamps/inputs" 2>/dev/null)" != "$inputs_hash" ]; then
  rm -rf "$stamps" "$work"; mkdir -p "$stamps"; echo "$inputs_hash" >"$stamps/inputs"
fi

# Verify every archive before anything is built or declared up to date.
while read -r want a; do
  [ -n "$a" ] || continue
  got=$(sha256sum "$sources/$a" | cut -d' ' -f1)
  c=${a%-*}
  [ "$got" = "$want" ] || die "$c $(version_of "$c"): $sources/$a has SHA-256 $got but SHA256SUMS says $want — refusing to build it"
done <<<"$expected_sums"

# --- building ------------------------------------------------------------------------------------------------------
export PATH="$prefix/bin:$PATH"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export CPATH="$prefix/include${CPATH:+:$CPATH}"
export LIBRARY_PATH="$prefix/lib${LIBRARY_PATH:+:$LIBRARY_PATH}"
# The binaries and the Node addon find the prefix's libraries without LD_LIBRARY_PATH.
export LDFLAGS="-L$prefix/lib -Wl,-rpath,$prefix/lib"
# Node's headers cannot be downloaded everywhere: build addons against the system's (Debian: nodejs' /usr/include/node).
export npm_config_nodedir=${npm_config_nodedir:-/usr}
export NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false

comp=""; log=""
step() { # step NAME COMMAND...: runs COMMAND with its output in the component's log; stops with a clear error
  local name=$1; shift
  echo "+ [$name] $*" >>"$log"
  local rc=0
  "$@" >>"$log" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "error: $comp $(version_of "$comp"): step '$name' failed (exit $rc); full log: $log" >&2
    tail -n 25 "$log" | sed 's/^/  | /' >&2
    exit 1
  fi
}

unpack() { # fresh source tree of $comp in $work/$comp; prints its path
  rm -rf "$work/$comp"; mkdir -p "$work/$comp"
  step unpack tar -xzf "$sources/$(archive_of "$comp")" -C "$work/$comp"
  src=$(find "$work/$comp" -mindepth 1 -maxdepth 1 -type d | head -n 1)
  [ -n "$src" ] || { echo "error: $comp: archive has no top folder" >&2; exit 1; }
  local patch_file
  for patch_file in $(patches_of "$comp"); do
    step "patch $(basename "$patch_file")" patch -p1 --forward --batch -d "$src" -i "$patch_file"
  done
}

build_autotools() {
  unpack; cd "$src"
  step autogen ./autogen.sh
  step configure ./configure --prefix="$prefix" --disable-static
  step make make -j"$jobs"
  step install make install
}

build_addon() {
  unpack; cd "$src"
  step npm-install npm install --ignore-scripts --no-audit --no-fund
  step build npm run build
  step pack npm pack --pack-destination "$work"
}

# The API's package.json wants k2hdkc@^2.0.6, which the npm registry may not serve: use the addon just packed.
use_local_addon() {
  local tarball="$work/k2hdkc-$(version_of k2hdkc_nodejs).tgz"
  [ -f "$tarball" ] || { echo "error: $comp: the k2hdkc addon package $tarball is missing (rebuild k2hdkc_nodejs)" >&2; exit 1; }
  step use-addon npm pkg set "dependencies.k2hdkc=file:$tarball"
}

build_node_package() { # build_node_package DEST [prepare-function]
  local dest=$1 prepare=${2:-}
  unpack; cd "$src"
  [ -z "$prepare" ] || "$prepare"
  step npm-install npm install --no-audit --no-fund
  step build npm run build
  rm -rf "$prefix/$dest"
  step place mv "$src" "$prefix/$dest"
}

build_component() {
  case "$1" in
    fullock|k2hash|chmpx|k2hdkc) build_autotools ;;
    k2hdkc_nodejs) build_addon ;;
    k2hr3_api) build_node_package k2hr3-api use_local_addon ;;
    k2hr3_app) build_node_package k2hr3-app ;;
  esac
}

# Missing build tools are named before anything starts, with the command that installs them.
check_build_tools() {
  local missing=()
  for tool in autoconf automake libtoolize pkg-config g++ make patch node npm flock; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  for module in yaml-0.1 libcrypto zlib; do
    pkg-config --exists "$module" 2>/dev/null || missing+=("pkg-config:$module")
  done
  [ -f "$npm_config_nodedir/include/node/node_api.h" ] || missing+=("$npm_config_nodedir/include/node/node_api.h (Node headers; Debian: nodejs or libnode-dev)")
  [ ${#missing[@]} -eq 0 ] || die "missing build tools: ${missing[*]} — on Debian/Ubuntu: apt-get install $apt_packages"
}
pending=0
for c in "${components[@]}"; do [ -f "$stamps/$c" ] || pending=1; done
[ "$pending" -eq 0 ] || check_build_tools

say "K2HR3 upstream build: sources $sources"
say "                      prefix  $prefix"
total_start=$(date +%s); built=0; rebuild_rest=0
for comp in "${components[@]}"; do
  log="$logs/$comp.log"
  if [ "$rebuild_rest" -eq 0 ] && [ -f "$stamps/$comp" ]; then
    say "  $comp $(version_of "$comp"): up to date"
    continue
  fi
  # Whatever follows a rebuilt component was built against the old one: rebuild it too.
  rebuild_rest=1; rm -f "$stamps/$comp"
  : >"$log"
  start=$(date +%s)
  patched=$(patches_of "$comp" | wc -l)
  [ "$quiet" -eq 1 ] || printf '  %s %s%s: building ... ' "$comp" "$(version_of "$comp")" "$([ "$patched" -eq 0 ] || echo " (+$patched patch of ours)")"
  set +e; (set -e; build_component "$comp"); rc=$?; set -e
  if [ "$rc" -ne 0 ]; then [ "$quiet" -eq 1 ] || echo "failed"; exit 1; fi
  rm -rf "${work:?}/$comp"
  date -u +%FT%TZ >"$stamps/$comp"
  built=$((built + 1))
  say "done in $(( $(date +%s) - start )) s"
done

[ -x "$prefix/bin/chmpx" ] && [ -f "$prefix/k2hr3-api/dist/src/bin/www.js" ] && [ -f "$prefix/k2hr3-app/dist/bin/www.js" ] ||
  die "the prefix $prefix lacks chmpx or a built k2hr3-api/k2hr3-app although every component is marked built; delete it and run again"

if [ "$built" -eq 0 ]; then
  say "nothing to do: every component is up to date"
else
  say "built $built component(s) in $(( $(date +%s) - total_start )) s"
fi
echo "K2hr3:Upstream:Prefix=$prefix"
