#!/bin/sh
#
# Entrypoint of the k2hr3-api container (antpickax/k2hr3-api image): the chmpx slave and the API share
# this container, since the API's k2hdkc addon reaches the slave over POSIX MQ and shared memory.
# Handles the 1.x (bin/www) and 2.x (dist/src/bin/www.js) package layouts.
#
# Environment: K2HR3_CHMPX_INI (default /etc/antpickax/slave.ini), K2HR3_DEBUG_LEVEL (default err),
#              K2HR3_API_DIR (default: the global npm package), NODE_CONFIG_DIR, NODE_ENV.
#
set -u
. "$(dirname "$0")/k2hr3-functions.sh"

ini=${K2HR3_CHMPX_INI:-/etc/antpickax/slave.ini}
level=${K2HR3_DEBUG_LEVEL:-err}
pkg=${K2HR3_API_DIR:-$(npm root -g)/k2hr3-api}

if [ -f "${pkg}/dist/src/bin/www.js" ]; then
	entry="${pkg}/dist/src/bin/www.js"
elif [ -f "${pkg}/bin/www" ]; then
	entry="${pkg}/bin/www"
else
	log "no k2hr3-api start script under ${pkg}"
	exit 1
fi

wait_for_names "${ini}" || exit 1

log "starting chmpx slave (${ini})"
chmpx -conf "${ini}" -d "${level}" &
chmpx_pid=$!
trap 'kill -HUP "${chmpx_pid}" 2>/dev/null; wait "${chmpx_pid}"; exit 143' TERM INT

if ! wait_for_chmpx "${ini}" slave nosuspend; then
	kill -HUP "${chmpx_pid}" 2>/dev/null
	wait "${chmpx_pid}"
	exit 1
fi

wait_for_settled_ring "${ini}"

log "starting k2hr3-api ${entry}"
cd "${pkg}" || exit 1
node "${entry}" &
supervise "${chmpx_pid}" $!
exit $?
