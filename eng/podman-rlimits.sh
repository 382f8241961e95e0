#!/usr/bin/env bash
# Makes Podman able to run containers on a machine of this kind (idempotent; run as root):
#  - [containers] default_ulimits: the sandbox refuses to raise RLIMIT_NPROC/RLIMIT_NOFILE, which podman does by
#    default, so without explicit limits every `podman run` fails with "error setting rlimit type 6/7";
#  - [engine] runtime = "runc" when runc is installed: crun 1.8 refuses this machine's hybrid cgroup layout
#    ("cgroups in hybrid mode not supported");
#  - [network] network_backend = "netavark" when netavark is installed: Debian's podman installed without its
#    recommendations falls back to CNI, which has no DNS between containers, so "k2hdkc-0" never resolves on the
#    cluster's network (k2hdkc-node.sh: "k2hdkc-0 does not resolve; giving up"). netavark with aardvark-dns does.
# Usage: eng/podman-rlimits.sh [containers.conf]   (default /etc/containers/containers.conf)
# Existing settings are kept: a default_ulimits line that already names nproc, or a runtime line, is left alone.
set -euo pipefail

conf=${1:-/etc/containers/containers.conf}
ulimits='default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]'
mkdir -p "$(dirname "$conf")"
[ -f "$conf" ] || : >"$conf"

# set_key <section> <key> <line> <keep-regex>: leaves an uncommented <key> line matching <keep-regex> alone; replaces
# another uncommented <key> line of that section; otherwise adds <line> under [section] (adding the section if needed).
set_key() {
  local section=$1 key=$2 line=$3 keep=$4 tmp
  tmp=$(mktemp)
  awk -v section="$section" -v key="$key" -v line="$line" -v keep="$keep" '
    function flush() { if (in_section && !done) { print line; done = 1 } }
    /^[[:space:]]*\[/ {
      if (in_section && !done) { print line; done = 1 }
      in_section = ($0 ~ "^[[:space:]]*\\[" section "\\][[:space:]]*$")
      if (in_section) seen = 1
      print; next
    }
    in_section && $0 ~ "^[[:space:]]*" key "[[:space:]]*=" {
      if (!done) { if ($0 ~ keep) print; else print line; done = 1 }
      next
    }
    { print }
    END {
      if (in_section && !done) { print line; done = 1 }
      if (!seen) { print ""; print "[" section "]"; print line }
    }' "$conf" >"$tmp"
  if ! cmp -s "$tmp" "$conf"; then
    cat "$tmp" >"$conf"
    echo "podman: $conf [$section] $line"
  fi
  rm -f "$tmp"
}

set_key containers default_ulimits "$ulimits" 'nproc'
if command -v runc >/dev/null 2>&1; then
  set_key engine runtime 'runtime = "runc"' '.'
fi
if [ -x "${PODMAN_HELPER_DIR:-/usr/lib/podman}/netavark" ]; then
  set_key network network_backend 'network_backend = "netavark"' '.'
fi
