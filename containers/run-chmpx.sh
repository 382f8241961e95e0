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
stop_requested=0
forwarded=0
interrupted=0
forward_hup()
{
	stop_requested=1
	interrupted=1
	if [ -n "${child}" ] && [ "${forwarded}" = 0 ]; then
		forwarded=1
		kill -HUP "${child}" 2>/dev/null
	fi
}
trap forward_hup TERM INT HUP

"$@" &
child=$!
# A signal that came before $! was known (chmpx may already be running and talking) could not be forwarded yet.
if [ "${stop_requested}" = 1 ] && [ "${forwarded}" = 0 ]; then
	forwarded=1
	kill -HUP "${child}" 2>/dev/null
fi

# A trapped signal makes wait return early (POSIX: status > 128, then the trap runs): wait again until chmpx itself
# has exited. Only wait's own result says so — a child that exits at once may be reaped by the shell before any
# "kill -0" check could see it, and its status would be lost.
while :; do
	interrupted=0
	wait "${child}"
	status=$?
	[ "${interrupted}" = 1 ] || break
done
exit "${status}"
