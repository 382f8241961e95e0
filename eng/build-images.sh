#!/usr/bin/env bash
# Builds the K2HR3 container images from source with Podman, for machines that cannot or will not pull antpickax/*
# (air-gapped clouds, other architectures, newer upstream versions) and for the tests:
#   localhost/k2hr3/k2hdkc:<k2hdkc version>     chmpx + k2hdkc: one data node
#   localhost/k2hr3/k2hr3-api:<k2hr3_api version>  Node.js, the k2hdkc addon, chmpx for the co-located slave
#   localhost/k2hr3/k2hr3-app:<k2hr3_app version>
#   localhost/k2hr3/rabbitmq:<Debian rabbitmq-server version>   for AddRabbitMQ where docker.io cannot be pulled
#   k2hr3-osnl:<our version>   the listener, with the SDK's container support (dotnet publish -t:PublishContainer) on
#                              the same Debian base, served by a private local registry (the SDK pulls its base from
#                              a registry only); the name the published docker-compose.yaml uses; user 1654 (non-root)
# Then: dotnet run --project K2hr3.AppHost -- --K2hr3:Runtime=containers <the --K2hr3:Images:* settings it prints last>
#
# Inputs: the from-source build of eng/build-upstream.sh (run first when --prefix is not given; a no-op when cached),
# Node.js of this machine (the addon was built against it), containers/images/*.Containerfile.
# Base: docker.io/library/debian:bookworm-slim from podman's store, else pulled, else — no registry answers — made
# from Debian packages with debootstrap and tagged under that name, so the Containerfiles build unchanged (--pull=never).
# Cached: every image carries a label with the hash of its inputs; a second run with the same inputs builds nothing.
# Exit status: 0 built or up to date, 1 a step failed (the image and the step are named), 2 usage.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
# shellcheck source=upstream.versions
. "$here/upstream.versions"
# shellcheck source=common.sh
. "$here/common.sh"

base_image=docker.io/library/debian:bookworm-slim
mirror=${K2HR3_DEBIAN_MIRROR:-http://deb.debian.org/debian}
podman=${K2HR3_PODMAN:-podman}
label=org.k2hr3.inputs
all_images=(k2hdkc k2hr3-api k2hr3-app rabbitmq k2hr3-osnl)

usage() {
  cat <<EOF
usage: bash eng/build-images.sh [--prefix DIR] [--only NAME]... [--base-only] [--offline-base] [--quiet] [--settings]

  --prefix DIR     the upstream build (default: what eng/build-upstream.sh prints)
  --only NAME      build only these images (${all_images[*]}); k2hr3-api needs k2hdkc and builds it too
  --base-only      make sure the Debian base image exists, build nothing else
  --offline-base   do not try to pull the base image: make it with debootstrap when it is missing
  --quiet          print only errors and the final lines: the AppHost settings (--K2hr3:Images:...=...) that use them
  --settings       print those settings and build nothing
EOF
}

prefix=""; only=(); base_only=0; offline_base=0; quiet=0; settings_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=${2:?--prefix needs a folder}; shift 2 ;;
    --only) only+=("${2:?--only needs an image name}"); shift 2 ;;
    --base-only) base_only=1; shift ;;
    --offline-base) offline_base=1; shift ;;
    --quiet) quiet=1; shift ;;
    --settings) settings_only=1; shift ;;
    *) help_or_usage_error "$1" ;;
  esac
done

now() { date +%s; }

# Debian bookworm's rabbitmq-server, the version the rabbitmq image installs (the host reads the same mirror).
rabbitmq_version=$(apt-cache policy rabbitmq-server 2>/dev/null | sed -n 's/^ *Candidate: *//p' | sed 's/-.*//')
[ -n "$rabbitmq_version" ] && [ "$rabbitmq_version" != "(none)" ] || rabbitmq_version=3.10.8

tag_of() {
  case "$1" in
    k2hdkc) echo "$k2hdkc" ;;
    k2hr3-api) echo "$k2hr3_api" ;;
    k2hr3-app) echo "$k2hr3_app" ;;
    rabbitmq) echo "$rabbitmq_version" ;;
    k2hr3-osnl) sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo/Directory.Build.props" | head -n 1 ;;
  esac
}
ref_of() {
  case "$1" in
    k2hr3-osnl) echo "docker.io/library/k2hr3-osnl:$(tag_of "$1")" ;; # what podman names the SDK's k2hr3-osnl:<tag>
    *) echo "localhost/k2hr3/$1:$(tag_of "$1")" ;;
  esac
}

# The AppHost settings that run and publish these images (K2hr3:Images:*), one command-line argument a line.
print_settings() {
  echo "--K2hr3:Images:Registry=localhost"
  echo "--K2hr3:Images:K2hdkc=k2hr3/k2hdkc"
  echo "--K2hr3:Images:K2hdkcTag=$(tag_of k2hdkc)"
  echo "--K2hr3:Images:Api=k2hr3/k2hr3-api"
  echo "--K2hr3:Images:ApiTag=$(tag_of k2hr3-api)"
  echo "--K2hr3:Images:App=k2hr3/k2hr3-app"
  echo "--K2hr3:Images:AppTag=$(tag_of k2hr3-app)"
  echo "--K2hr3:Images:RabbitMq=$(ref_of rabbitmq)"
}

if [ "$settings_only" -eq 1 ]; then
  print_settings
  exit 0
fi

command -v "$podman" >/dev/null 2>&1 || die "podman is not installed (sudo bash .ci/setup-machine installs it)"
log_dir=${K2HR3_IMAGES_LOG_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/k2hr3/images/logs}
mkdir -p "$log_dir"

# step <image> <step> <command...>: runs one step with its output in a log; a failure names the image, the step and
# the log, and shows the log's last lines.
step() {
  local image=$1 name=$2 log="$log_dir/$1.$2.log"
  shift 2
  if ! "$@" >"$log" 2>&1; then
    echo "error: image $image: step '$name' failed (log: $log); last lines:" >&2
    tail -n 25 "$log" | sed 's/^/  | /' >&2
    exit 1
  fi
}

# --- base ---------------------------------------------------------------------------------------------------------
make_base_offline() {
  local root
  command -v debootstrap >/dev/null 2>&1 || die "image debian:bookworm-slim: no registry answers and debootstrap is not installed (apt-get install debootstrap)"
  root=$(mktemp -d "${TMPDIR:-/tmp}/k2hr3-debootstrap.XXXXXX")
  # shellcheck disable=SC2064
  trap "rm -rf '$root'" EXIT
  say "base: making $base_image from Debian packages (debootstrap --variant=minbase bookworm $mirror)"
  step debian debootstrap debootstrap --variant=minbase bookworm "$root" "$mirror"
  # What the official slim image leaves out: package caches, lists, docs and man pages.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* \
         "$root"/usr/share/info/* "$root"/var/log/*.log "$root"/var/cache/debconf/*-old "$root"/var/cache/apt/*.bin
  step debian import sh -c "tar -C '$root' -c . | '$podman' import --change 'CMD [\"bash\"]' - '$base_image'"
  rm -rf "$root"
  trap - EXIT
}

ensure_base() {
  if "$podman" image exists "$base_image"; then
    say "base: $base_image present"
    return
  fi
  if [ "$offline_base" -eq 0 ] && timeout 60 "$podman" pull -q "$base_image" >"$log_dir/debian.pull.log" 2>&1; then
    say "base: pulled $base_image"
    return
  fi
  [ "$offline_base" -eq 1 ] || say "base: $base_image cannot be pulled ($(tail -n 1 "$log_dir/debian.pull.log" 2>/dev/null || echo no registry))"
  make_base_offline
}

started=$(now)
ensure_base
if [ "$base_only" -eq 1 ]; then
  echo "K2hr3:Image:base=$base_image"
  exit 0
fi

# --- inputs -------------------------------------------------------------------------------------------------------
if [ -z "$prefix" ]; then
  prefix=$(bash "$here/build-upstream.sh" --quiet | sed -n 's/^K2hr3:Upstream:Prefix=//p' | tail -n 1)
  [ -n "$prefix" ] || die "eng/build-upstream.sh printed no prefix"
fi
prefix=$(cd "$prefix" && pwd)
for f in bin/chmpx bin/chmpxstatus bin/k2hdkc lib/libk2hdkc.so.1 k2hr3-api/dist/src/bin/www.js k2hr3-app/dist/bin/www.js; do
  [ -e "$prefix/$f" ] || die "$prefix is not a complete upstream build ($f missing): run bash eng/build-upstream.sh"
done
node_bin=$(command -v node || true)
[ -n "$node_bin" ] || die "node is not installed: the k2hr3-api and k2hr3-app images take this machine's Node.js (the addon was built against it)"
node_root=$(dirname "$(dirname "$(readlink -f "$node_bin")")")
[ -d "$node_root/lib/node_modules/npm" ] || die "npm not found under $node_root/lib/node_modules"

base_id=$("$podman" image inspect --format '{{.Id}}' "$base_image")

# The upstream prefix's name is already the hash of its versions and source archives (eng/build-upstream.sh).
# The listener's inputs: its project and the projects and build files it is made from.
listener_sources() {
  (cd "$repo" && find K2hr3.Osnl.Worker K2hr3.ServiceDefaults K2hr3.Bootstrap K2hr3.Compat \( -name bin -o -name obj \) -prune -o -type f -print0 | sort -z
   printf '%s\0' Directory.Build.props Directory.Packages.props global.json NuGet.config)
}

inputs_of() {
  local name=$1
  {
    echo "recipe=1 base=$base_id"
    [ "$name" = k2hr3-osnl ] || cat "$repo/containers/images/$name.Containerfile"
    case "$name" in
      k2hdkc) echo "prefix=$prefix" ;;
      k2hr3-api) echo "prefix=$prefix node=$("$node_bin" --version) $(inputs_of k2hdkc | sha256sum)" ;;
      k2hr3-app) echo "prefix=$prefix node=$("$node_bin" --version)" ;;
      rabbitmq) cat "$repo/containers/images/rabbitmq-entrypoint.sh"; echo "rabbitmq=$rabbitmq_version" ;;
      k2hr3-osnl) listener_sources | (cd "$repo" && xargs -0 cat); dotnet --version ;;
    esac
  } | sha256sum | cut -c1-16
}

built=(); checked=" "
build() {
  local name=$1 ref inputs current t
  case "$checked" in *" $name "*) return ;; esac
  checked+="$name "
  ref=$(ref_of "$name")
  inputs=$(inputs_of "$name")
  current=$("$podman" image inspect --format "{{index .Labels \"$label\"}}" "$ref" 2>/dev/null || true)
  if [ "$current" = "$inputs" ]; then
    say "$name: $ref up to date"
    return
  fi
  t=$(now)
  if [ "$name" = k2hr3-osnl ]; then
    build_listener "$inputs"
    built+=("$name")
    say "$name: built $ref in $(( $(now) - t )) s ($("$podman" image inspect --format '{{.Size}}' "$ref" | awk '{ printf "%d MB", $1 / 1000000 }'))"
    return
  fi
  local args=(build --pull=never --layers --label "$label=$inputs" -t "$ref" -f "$repo/containers/images/$name.Containerfile")
  case "$name" in
    k2hdkc) args+=("$prefix") ;;
    k2hr3-api) args+=(--build-arg "K2HDKC_IMAGE=$(ref_of k2hdkc)" --build-context "node=$node_root" "$prefix") ;;
    k2hr3-app) args+=(--build-context "node=$node_root" "$prefix") ;;
    rabbitmq) args+=("$repo/containers/images") ;;
  esac
  step "$name" build "$podman" "${args[@]}"
  built+=("$name")
  say "$name: built $ref in $(( $(now) - t )) s ($("$podman" image inspect --format '{{.Size}}' "$ref" | awk '{ printf "%d MB", $1 / 1000000 }'))"
}

# build_listener <inputs>: a private registry (docker-registry, no auth, temporary storage, loopback only) serves the
# Debian base to the SDK (as localhost:PORT, which the SDK talks to over plain HTTP); self-contained, so the base needs no .NET; invariant globalization, since a minimal Debian
# has no ICU; the numeric user, since that base has no "app" user. The inputs label makes the next run a no-op.
build_listener() {
  local inputs=$1 work port registry_pid
  command -v docker-registry >/dev/null 2>&1 || die "image k2hr3-osnl: docker-registry is not installed (apt-get install docker-registry)"
  command -v dotnet >/dev/null 2>&1 || die "image k2hr3-osnl: the .NET SDK (dotnet) is not installed"
  work=$(mktemp -d "${TMPDIR:-/tmp}/k2hr3-listener.XXXXXX")
  port=${K2HR3_LISTENER_REGISTRY_PORT:-19500}
  printf 'version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' "$work/registry" "$port" > "$work/registry.yml"
  docker-registry serve "$work/registry.yml" >"$log_dir/k2hr3-osnl.registry.log" 2>&1 &
  registry_pid=$!
  # shellcheck disable=SC2064
  trap "kill $registry_pid 2>/dev/null; rm -rf '$work'" EXIT
  for _ in $(seq 1 50); do
    curl -sf "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break
    sleep 0.2
  done
  step k2hr3-osnl registry curl -sf "http://127.0.0.1:$port/v2/"
  step k2hr3-osnl push-base "$podman" push --tls-verify=false "$base_image" "localhost:$port/debian:bookworm-slim"
  step k2hr3-osnl publish dotnet publish "$repo/K2hr3.Osnl.Worker/K2hr3.Osnl.Worker.csproj" -c Release -r linux-x64 --self-contained \
    -t:PublishContainer -p:ContainerBaseImage="localhost:$port/debian:bookworm-slim" -p:ContainerUser=1654 \
    -p:InvariantGlobalization=true -p:ContainerArchiveOutputPath="$work/k2hr3-osnl.tar.gz" \
    -p:ContainerImageTag="$(tag_of k2hr3-osnl)" -o "$work/app"
  step k2hr3-osnl load "$podman" load -i "$work/k2hr3-osnl.tar.gz"
  step k2hr3-osnl label sh -c "printf 'FROM %s\nLABEL %s=%s\n' '$(ref_of k2hr3-osnl)' '$label' '$inputs' | '$podman' build --pull=never -t '$(ref_of k2hr3-osnl)' -f - '$work'"
  kill "$registry_pid" 2>/dev/null
  wait "$registry_pid" 2>/dev/null || true # killed: 143
  rm -rf "$work"
  trap - EXIT
}

selected=("${all_images[@]}")
[ ${#only[@]} -eq 0 ] || selected=("${only[@]}")
for name in "${selected[@]}"; do
  case "$name" in
    k2hdkc|k2hr3-app|rabbitmq|k2hr3-osnl) ;;
    k2hr3-api) build k2hdkc ;;
    *) die "unknown image '$name' (images: ${all_images[*]})" ;;
  esac
  build "$name"
done
if [ ${#built[@]} -eq 0 ]; then
  say "images: all up to date, nothing built ($(( $(now) - started )) s)"
else
  say "images: built ${built[*]} in $(( $(now) - started )) s"
fi
print_settings
