#!/bin/sh
#
# Runs chmpx for a supervisor that stops programs with SIGTERM (Aspire's DCP, docker stop).
# chmpx ignores SIGTERM and stops cleanly on SIGHUP, so this shell stays chmpx's parent (no exec)
# and turns TERM/INT into HUP. A chmpx still running K2HR3_CHMPX_STOP_GRACE (8) s after the HUP is
# killed: seen after a merge it could not finish, and DCP gives a stop ~12 s, then reports it failed
# and leaves the resource neither running nor stopped, so the node could not be started again.
#
# Usage: run-chmpx.sh <chmpx binary> [chmpx arguments...]
#
set -u

if [ "$#" -lt 1 ]; then
	echo "usage: $0 <chmpx binary> [arguments...]" >&2
	exit 2
fi

child=""
killer=""
grace=${K2HR3_CHMPX_STOP_GRACE:-8}
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
		start_killer
	fi
}

# start_killer: SIGKILL for chmpx once the grace is over (its output closed, so no reader waits for it).
start_killer()
{
	( sleep "${grace}"; kill -KILL "${child}" 2>/dev/null ) </dev/null >/dev/null 2>&1 &
	killer=$!
}
trap forward_hup TERM INT HUP

"$@" &
child=$!
# A signal that came before $! was known (chmpx may already be running and talking) could not be forwarded yet.
if [ "${stop_requested}" = 1 ] && [ "${forwarded}" = 0 ]; then
	forwarded=1
	kill -HUP "${child}" 2>/dev/null
	start_killer
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
if [ -n "${killer}" ]; then
	kill "${killer}" 2>/dev/null
	[ "${status}" != 137 ] || echo "run-chmpx.sh: chmpx did not stop within ${grace} s of SIGHUP: killed it" >&2
fi
exit "${status}"
