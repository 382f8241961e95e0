#!/bin/sh
#
# Entrypoint of the k2hr3-app container (antpickax/k2hr3-app image). Loads the package's own
# config/ first, then the AppHost's overlay. Handles the 1.x (bin/www) and 2.x (dist/bin/www.js) layouts.
#
# Environment: K2HR3_APP_CONFIG_DIR (the overlay, default /etc/k2hr3/app), K2HR3_APP_DIR (default: the
#              global npm package), NODE_ENV.
#
set -u
pkg=${K2HR3_APP_DIR:-$(npm root -g)/k2hr3-app}

if [ -f "${pkg}/dist/bin/www.js" ]; then
	entry="${pkg}/dist/bin/www.js"
elif [ -f "${pkg}/bin/www" ]; then
	entry="${pkg}/bin/www"
else
	echo "[k2hr3] no k2hr3-app start script under ${pkg}" >&2
	exit 1
fi

NODE_CONFIG_DIR="${pkg}/config:${K2HR3_APP_CONFIG_DIR:-/etc/k2hr3/app}"
export NODE_CONFIG_DIR
cd "${pkg}" || exit 1
exec node "${entry}"
