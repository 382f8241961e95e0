#!/bin/sh
#
# Entrypoint of a K2HR3 data node container (antpickax/k2hdkc image, which carries chmpx too).
# chmpx and k2hdkc share this container's IPC namespace, /var/lib/antpickax and host name.
# Order as in the Helm chart: chmpx server, wait until it is up, then k2hdkc, with the chart's ring watcher beside it
# (keep_in_ring).
#
# chmpx and k2hdkc read a private copy of the (read-only, mounted) configuration, which the ring watcher rewrites to
# make chmpx reload it when a peer comes back at a new address (forget_moved_peers in k2hr3-functions.sh).
#
# Environment: K2HR3_CHMPX_INI (default /etc/antpickax/server.ini), K2HR3_DEBUG_LEVEL (default err),
#              K2HR3_START_DELAY seconds before chmpx starts (staggers nodes like the chart's ordered pods),
#              TMPDIR where the private copy goes (default /tmp).
#
set -u
. "$(dirname "$0")/k2hr3-functions.sh"

ini=${K2HR3_CHMPX_INI:-/etc/antpickax/server.ini}
level=${K2HR3_DEBUG_LEVEL:-err}

wait_for_names "${ini}" SVRNODE || exit 1
sleep "${K2HR3_START_DELAY:-0}"
ini=$(reloadable_copy "${ini}") || exit 1
wait_until_peers_let_go "${ini}"

k2hfile=$(sed -n 's/^[[:space:]]*K2HFILE[[:space:]]*=[[:space:]]*//p' "${ini}")
if [ -n "${k2hfile}" ]; then
	mkdir -p "$(dirname "${k2hfile}")"
	start_empty_if_rejoining "${ini}" "${k2hfile}"
fi

log "starting chmpx server (${ini})"
chmpx -conf "${ini}" -d "${level}" &
chmpx_pid=$!
trap 'kill -HUP "${chmpx_pid}" 2>/dev/null; wait "${chmpx_pid}"; exit 143' TERM INT

# Before k2hdkc attaches chmpx is "suspended", in or out of the ring.
if ! wait_for_chmpx "${ini}" serviceout suspend servicein suspend; then
	kill -HUP "${chmpx_pid}" 2>/dev/null
	wait "${chmpx_pid}"
	exit 1
fi

log "starting k2hdkc"
k2hdkc -conf "${ini}" -d "${level}" &
k2hdkc_pid=$!
keep_in_ring "${ini}" &
keeper_pid=$!
supervise "${chmpx_pid}" "${k2hdkc_pid}"
status=$?
kill -TERM "${keeper_pid}" 2>/dev/null
exit "${status}"
