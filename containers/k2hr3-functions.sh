#!/bin/sh
#
# Shared helpers for the K2HR3 container entrypoints (sourced, not run).
#

# log <message>: one line on stderr, which the dashboard shows.
log()
{
	echo "[k2hr3] $*" >&2
}

# wait_for_names <ini> [SVRNODE|SLVNODE]: every chmpx NAME in <ini> (or only those of one section kind) must
# resolve before chmpx starts, or chmpx rejects peers it cannot match (container aliases appear only as the other
# containers join the network). A server node waits for the servers only: the API container, whose alias names
# the slave, starts after the data nodes serve, and chmpx matches a slave's address when it connects.
wait_for_names()
{
	_names=$(awk -v only="${2:-}" '
		/^[[:space:]]*\[/ { section = $0; gsub(/[][[:space:]]/, "", section) }
		/^[[:space:]]*NAME[[:space:]]*=/ && (only == "" || section == only) { sub(/^[[:space:]]*NAME[[:space:]]*=[[:space:]]*/, ""); print }
	' "$1")
	for _name in ${_names}; do
		case "${_name}" in
			*'['*|*'*'*) continue ;;
		esac
		_tries=60
		until getent hosts "${_name}" >/dev/null 2>&1 || nslookup "${_name}" >/dev/null 2>&1; do
			_tries=$((_tries - 1))
			if [ "${_tries}" -le 0 ]; then
				log "${_name} does not resolve; giving up"
				return 1
			fi
			sleep 2
		done
	done
	return 0
}

# wait_for_chmpx <ini> <ring> <suspend|nosuspend> [<ring> <suspend|nosuspend> ...]: until chmpx
# reports one of the states (the Helm chart's readiness test); 120 rounds of about a second per state.
wait_for_chmpx()
{
	_ini=$1
	shift
	_tries=120
	while [ "${_tries}" -gt 0 ]; do
		_states="$*"
		set -- ${_states}
		while [ "$#" -ge 2 ]; do
			if chmpxstatus -conf "${_ini}" -self -wait -live up -ring "$1" "-$2" -timeout 1 >/dev/null 2>&1; then
				return 0
			fi
			shift 2
		done
		set -- ${_states}
		_tries=$((_tries - 1))
	done
	log "chmpx did not reach: ${_states}"
	return 1
}

# supervise <chmpx pid> <other pid>: waits until either exits; on TERM/INT, or when one exits, stops
# the other one (chmpx with HUP, since it ignores TERM) and exits non-zero if either failed.
supervise()
{
	_chmpx=$1
	_other=$2
	trap 'kill -TERM "${_other}" 2>/dev/null; kill -HUP "${_chmpx}" 2>/dev/null' TERM INT
	log "supervising chmpx (pid ${_chmpx}) and pid ${_other}"
	while kill -0 "${_chmpx}" 2>/dev/null && kill -0 "${_other}" 2>/dev/null; do
		sleep 1 &
		wait $! 2>/dev/null
	done
	kill -TERM "${_other}" 2>/dev/null
	kill -HUP "${_chmpx}" 2>/dev/null
	wait "${_other}"
	_rc_other=$?
	wait "${_chmpx}"
	_rc_chmpx=$?
	if [ "${_rc_other}" -ne 0 ]; then
		return "${_rc_other}"
	fi
	return "${_rc_chmpx}"
}
