#!/bin/sh
#
# Runs chmpx for a supervisor that stops programs with SIGTERM (Aspire's DCP, docker stop).
# chmpx ignores SIGTERM and stops cleanly on SIGHUP, so this shell stays chmpx's parent (no exec)
# and turns TERM/INT into HUP.
#
# Usage: run-chmpx.sh <chmpx binary> [chmpx arguments...]
#
set -u

if [ "$#" -lt 1 ]; then
	echo "usage: $0 <chmpx binary> [arguments...]" >&2
	exit 2
fi

child=""
forward_hup()
{
	if [ -n "${child}" ]; then
		kill -HUP "${child}" 2>/dev/null
	fi
}
trap forward_hup TERM INT HUP

"$@" &
child=$!

# wait returns early when a trapped signal arrives: keep waiting until chmpx itself has exited.
status=0
while kill -0 "${child}" 2>/dev/null; do
	wait "${child}"
	status=$?
done
exit "${status}"
