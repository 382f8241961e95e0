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

# keep_in_ring <ini>: runs beside k2hdkc for as long as the node lives, as the Helm chart's k2hdkc watcher does
# (k2hr3_helm_chart files/k2hr3-k2hdkc-serverproc-wrap.sh -watcher): chmpx does not always finish a rejoin by itself.
# A node in service but [ADD][Pending] for K2HR3_RING_KEEPER_STUCK (10) s is serviced out (automerge adds it again),
# one out of service with k2hdkc attached for as long is serviced in, a merge left [ADD][Done] for
# K2HR3_RING_KEEPER_MERGE_DONE (30) s is completed (chmpx's own error text asks for a manual COMPMERGE there), and
# otherwise the node's status is pushed to the others every K2HR3_RING_KEEPER_PERIOD (20) s. One log line per nudge;
# TERM stops it.
keep_in_ring()
{
	_ini=$1
	_cmd=$(mktemp "${TMPDIR:-/tmp}/k2hr3-ring-keeper.XXXXXX") || return 1
	trap 'kill "${_sleep:-}" 2>/dev/null; rm -f "${_cmd}"; exit 0' TERM
	while :; do
		_self=$(chmpxstatus -conf "${_ini}" -self 2>/dev/null)
		case "$(_ring_state "${_self}")" in
			pending) _nudge_if_still "${K2HR3_RING_KEEPER_STUCK:-10}" pending "serviceout $(_self_target "${_self}")" ;;
			out) _nudge_if_still "${K2HR3_RING_KEEPER_STUCK:-10}" out "servicein $(_self_target "${_self}")" ;;
			done) _nudge_if_still "${K2HR3_RING_KEEPER_MERGE_DONE:-30}" done "merge complete" ;;
			*)
				_pause "${K2HR3_RING_KEEPER_PERIOD:-20}"
				printf 'statusupdate\nexit\n' > "${_cmd}"
				chmpxlinetool -conf "${_ini}" -run "${_cmd}" >/dev/null 2>&1
				;;
		esac
	done
}

# _ring_state <chmpxstatus -self output>: pending ([SERVICE IN] [ADD][Pending]), out ([SERVICE OUT][UP], k2hdkc
# attached), done (a merge left [Done]) or ok.
_ring_state()
{
	case "$(_self_field "$1" status)" in
		*'[SERVICE IN]'*'[ADD][Pending]'*) echo pending ;;
		*'[SERVICE OUT][UP]'*'[NoSuspend]'*) echo out ;;
		*'[Done]'*) echo done ;;
		*) echo ok ;;
	esac
}

# _self_field <chmpxstatus -self output> <field>: the value of the self chmpx's "<field> = value" line.
_self_field()
{
	printf '%s\n' "$1" | sed -n "s/^[[:space:]]*$2[[:space:]]*=[[:space:]]*//p" | sed 's/[[:space:]]*$//' | head -n 1
}

# _self_target <chmpxstatus -self output>: this node as chmpxlinetool names it, host:ctlport:cuk:custom seed:
_self_target()
{
	echo "$(_self_field "$1" hostname):$(_self_field "$1" 'control port'):$(_self_field "$1" cuk):$(_self_field "$1" 'custom id seed'):"
}

# _pause <seconds>: a sleep that the keeper's TERM trap can cut short.
_pause()
{
	sleep "$1" &
	_sleep=$!
	wait "${_sleep}"
}

# _nudge_if_still <seconds> <state> <chmpxlinetool command>: waits, and if the node is still in that state, runs the
# command (then a status update) and logs what it did.
_nudge_if_still()
{
	_pause "$1"
	_now=$(chmpxstatus -conf "${_ini}" -self 2>/dev/null)
	if [ "$(_ring_state "${_now}")" = "$2" ]; then
		printf '%s\nsleep 1\nstatusupdate\nexit\n' "$3" > "${_cmd}"
		chmpxlinetool -conf "${_ini}" -run "${_cmd}" >/dev/null 2>&1
		_rc=$?
		log "ring keeper: chmpx was $(_self_field "${_now}" status) for $1 s: $3 (chmpxlinetool exit ${_rc})"
	fi
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
