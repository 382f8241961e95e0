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

# wait_until_peers_let_go <ini>: before a server node's chmpx starts, until no running peer still holds this node at
# an old address, for up to K2HR3_PEER_WAIT (90) s. A container re-created with a new address that starts chmpx while
# a peer still holds the old one gets that stale list at its start and stays out of the ring with k2hdkc never
# attached ([SERVICE OUT][UP][Suspend]); the peer's forget_moved_peers fixes the peer's side within seconds. Asked
# with chmpxlinetool "status all" on each peer's control port; a peer that does not answer is not waited for.
wait_until_peers_let_go()
{
	_self=$(_self_server "$1")
	[ -n "${_self}" ] || return 0
	_deadline=$(( $(date +%s) + ${K2HR3_PEER_WAIT:-90} ))
	while :; do
		_stale=""
		for _peer in $(_peer_servers "$1"); do
			_held=$(_peer_status "$1" "${_peer}" | _held_name "${_self}" name)
			case "${_held}" in
				''|"${_self}") ;;
				*[!0-9.:a-fA-F]*) ;;  # a name, not an address: it resolves anew
				*) case "$(_my_addresses) " in *" ${_held} "*) ;; *) _stale="${_stale} ${_peer%:*} (holds ${_held})" ;; esac ;;
			esac
		done
		[ -n "${_stale}" ] || return 0
		if [ "$(date +%s)" -ge "${_deadline}" ]; then
			log "peers still hold an old address of ${_self}:${_stale}; starting anyway"
			return 0
		fi
		log "waiting for peers to let go of an old address of ${_self}:${_stale}"
		sleep 2
	done
}

# start_empty_if_rejoining <ini> <k2hash file>: a node whose every peer is in service rejoins a serving ring: its
# k2hash file, stale since it stopped, is moved to <file>.stale and the node starts empty; chmpx's merge then brings
# the current data. Merged into the old file, the node would keep what the others deleted meanwhile (the merge sends
# what they hold, not what they removed) and, with upstream's k2hash (the official images), its old subkey lists — where
# K2HR3 keeps a role's hosts (docs/k2hr3.md §5). The Helm chart always starts empty
# (memory emptyDir); with no peer in service (the whole cluster starting) the file is kept: it may be the only copy.
start_empty_if_rejoining()
{
	[ -f "$2" ] || return 0
	_peers=$(_peer_servers "$1")
	[ -n "${_peers}" ] || return 0
	for _peer in ${_peers}; do
		case "$(_peer_status "$1" "${_peer}" | _held_name "${_peer%:*}" status)" in
			*'[SERVICE IN]'*'[UP]'*) ;;
			*) return 0 ;;
		esac
	done
	mv -f "$2" "$2.stale" || return 0
	log "rejoining a serving ring: the k2hash file, stale since this node stopped, was moved to $2.stale; starting empty, chmpx merge brings the current data"
}

# _my_addresses: this container's addresses, space separated with a leading space.
_my_addresses()
{
	echo " $(getent hosts "$(hostname)" 2>/dev/null | awk '{ print $1 }' | tr '\n' ' ')"
}

# _servers <ini>: "NAME:CTLPORT" of every [SVRNODE].
_servers()
{
	awk '
		/^[[:space:]]*\[/ { section = $0; gsub(/[][[:space:]]/, "", section) }
		section == "SVRNODE" && /^[[:space:]]*NAME[[:space:]]*=/ { sub(/^[^=]*=[[:space:]]*/, ""); name = $0 }
		section == "SVRNODE" && /^[[:space:]]*CTLPORT[[:space:]]*=/ { sub(/^[^=]*=[[:space:]]*/, ""); print name ":" $0 }
	' "$1"
}

# _self_server <ini>: the NAME of the server whose name resolves to one of this container's addresses.
_self_server()
{
	_mine=$(_my_addresses)
	for _server in $(_servers "$1"); do
		for _address in $(getent hosts "${_server%:*}" 2>/dev/null | awk '{ print $1 }'); do
			case "${_mine} " in *" ${_address} "*) echo "${_server%:*}"; return 0 ;; esac
		done
	done
}

# _peer_servers <ini>: "NAME:CTLPORT" of every other server (none when this node is not found among them).
_peer_servers()
{
	_me=$(_self_server "$1")
	[ -n "${_me}" ] || return 0
	for _server in $(_servers "$1"); do
		[ "${_server%:*}" = "${_me}" ] || echo "${_server}"
	done
}

# _peer_status <ini> <NAME:CTLPORT>: chmpxlinetool "status all" as that peer's chmpx answers it, colours removed.
_peer_status()
{
	_query=$(mktemp "${TMPDIR:-/tmp}/k2hr3-peer.XXXXXX") || return 0
	printf 'status all %s::%s:\nexit\n' "$2" "${2%:*}" > "${_query}"
	chmpxlinetool -conf "$1" -run "${_query}" 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g'
	rm -f "${_query}"
}

# _held_name <seed> name|status: from "status all" output, the name under which the answering chmpx holds the
# server whose custom id seed is <seed>, or that server's status.
_held_name()
{
	awk -v seed="$1" -v what="$2" '
		/^[[:space:]]*[^[:space:]]+ = \{[[:space:]]*$/ { name = $1; status = "" }
		/Status\(Bin\)[[:space:]]*=/ { status = $0 }
		/Custom ID Seed[[:space:]]*=/ { value = $0; sub(/^[^=]*=[[:space:]]*/, "", value); if (value == seed) { print (what == "status" ? status : name); exit } }
	'
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

# _unsettled_servers: from chmpxstatus output (without -self), "<hostname>:<control port> <status>" of every server
# that is not up, in service and merged ([SERVICE IN][UP][n/a][Nothing]); "no server listed" when there is none.
_unsettled_servers()
{
	awk '
		/^[[:space:]]*server chmpxs/ { in_servers = 1; next }
		/^[[:space:]]*slave chmpxs/ { in_servers = 0; next }
		in_servers && /^[[:space:]]*hostname[[:space:]]*=/ { host = $3 }
		in_servers && /^[[:space:]]*control port[[:space:]]*=/ { port = $4 }
		in_servers && /^[[:space:]]*status[[:space:]]*=/ {
			servers++; state = $0; sub(/^[^>]*->[[:space:]]*/, "", state)
			if (state !~ /^\[SERVICE IN\]\[UP\]\[n\/a\]\[Nothing\]/) print host ":" port " " state
		}
		END { if (servers == 0) print "no server listed" }
	'
}

# wait_for_settled_ring <slave ini>: until the slave sees every server up, in service and merged, for at most
# K2HR3_RING_SETTLE_WAIT (90) s. The API routes through the slave's view, and chmpx leaves a server it sees joining
# out of the hash: what the API writes then lands on the other nodes only and reads back as missing once the view
# moves on (seen at cold starts: the slave held a server at [ADD][Doing] for minutes after the node had finished).
# After the wait the API starts anyway, as before this wait existed, with one line saying what it saw.
wait_for_settled_ring()
{
	_wait=${K2HR3_RING_SETTLE_WAIT:-90}
	_left=${_wait}
	while :; do
		_unsettled=$(chmpxstatus -conf "$1" 2>/dev/null | _unsettled_servers)
		[ -z "${_unsettled}" ] && return 0
		[ "${_left}" -le 0 ] && break
		sleep 1
		_left=$((_left - 1))
	done
	log "the slave still sees $(echo "${_unsettled}" | tr '\n' ';' | sed 's/;$//') after ${_wait} s: starting anyway — what the API writes before the ring settles may be missing from a node"
}

# keep_in_ring <ini>: runs beside k2hdkc for as long as the node lives, as the Helm chart's k2hdkc watcher does
# (k2hr3_helm_chart files/k2hr3-k2hdkc-serverproc-wrap.sh -watcher): chmpx does not always finish a rejoin by itself.
# A node in service but [ADD][Pending] for K2HR3_RING_KEEPER_STUCK (10) s is serviced out (automerge adds it again),
# one out of service with k2hdkc attached for as long is serviced in, a merge left [ADD][Done] for
# K2HR3_RING_KEEPER_MERGE_DONE (30) s is completed (chmpx's own error text asks for a manual COMPMERGE there), and
# otherwise the node's status is pushed to the others every K2HR3_RING_KEEPER_PERIOD (20) s. Between those it looks
# for peers that came back at a new address every K2HR3_RING_KEEPER_PEER_CHECK (2) s (forget_moved_peers). One log
# line per nudge; TERM stops it.
keep_in_ring()
{
	_ini=$1
	_cmd=$(mktemp "${TMPDIR:-/tmp}/k2hr3-ring-keeper.XXXXXX") || return 1
	trap 'kill "${_sleep:-}" 2>/dev/null; rm -f "${_cmd}"; exit 0' TERM
	while :; do
		forget_moved_peers "${_ini}"
		_self=$(chmpxstatus -conf "${_ini}" -self 2>/dev/null)
		case "$(_ring_state "${_self}")" in
			pending) _nudge_if_still "${K2HR3_RING_KEEPER_STUCK:-10}" pending "serviceout $(_self_target "${_self}")" ;;
			out) _nudge_if_still "${K2HR3_RING_KEEPER_STUCK:-10}" out "servicein $(_self_target "${_self}")" ;;
			done) _nudge_if_still "${K2HR3_RING_KEEPER_MERGE_DONE:-30}" done "merge complete" ;;
			*)
				_watch_peers "${K2HR3_RING_KEEPER_PERIOD:-20}"
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

# reloadable_copy <ini>: prints the path of a private copy of <ini> (in TMPDIR), for chmpx and k2hdkc to run on. The
# mounted configuration is read-only and shared; forget_moved_peers must be able to change the file chmpx watches.
reloadable_copy()
{
	_copy="${TMPDIR:-/tmp}/k2hr3-$(basename "$1")"
	if ! cp "$1" "${_copy}"; then
		log "cannot copy $1 to ${_copy}"
		return 1
	fi
	echo "${_copy}"
}

# forget_moved_peers <ini>: chmpx keeps each peer server under the address its name had when chmpx learned it (an
# alias on a container network has no reverse DNS, so chmpx stores the IP) and never renames it (chmpx
# lib/chmstructure.tcc MergeChmpxSvr). A peer container that is re-created comes back at a new address that this
# chmpx never dials: the ring stays split. So when chmpx holds a server DOWN at an address its name (CUSTOM_ID_SEED)
# no longer resolves to, the configuration is rewritten with FILEVERSION toggled between 1 and 2 (one byte in place,
# so chmpx never reads a half-written file): chmpx reloads it and replaces that server with its current address
# (UpdateChmpxSvrs drops servers DOWN and out of service that no longer match the configuration). Kubernetes does not
# need this: a pod behind a headless service has a reverse name, so chmpx keeps the name. At most one reload per
# K2HR3_RING_KEEPER_RELOAD_GAP (10) s — chmpx may still resolve the name from its 60 s cache and need another.
forget_moved_peers()
{
	_moved=""
	for _held in $(chmpxstatus -conf "$1" 2>/dev/null | _down_servers); do
		_seed=${_held%%=*}
		_address=${_held#*=}
		_current=$(getent hosts "${_seed}" 2>/dev/null | awk '{ print $1 }' | tr '\n' ' ')
		case " ${_current}" in
			' ') continue ;;                # not on the network (yet)
			*" ${_address} "*) continue ;;  # still there
		esac
		_moved="${_moved} ${_seed} (held ${_address}, now ${_current% })"
	done
	[ -n "${_moved}" ] || return 0
	_now=$(date +%s)
	if [ $((_now - ${_last_reload:-0})) -lt "${K2HR3_RING_KEEPER_RELOAD_GAP:-10}" ]; then
		return 0
	fi
	_last_reload=${_now}
	_toggle_file_version "$1"
	log "ring keeper: peer back at a new address:${_moved}; chmpx told to reload $1 (FILEVERSION $(_file_version "$1"))"
}

# _down_servers: from chmpxstatus output, "<custom id seed>=<hostname>" of every server chmpx holds DOWN under
# another name than its seed (an address).
_down_servers()
{
	awk '
		/^server chmpxs/ { servers = 1; next }
		/^[^[:space:]]/ { servers = 0 }
		!servers { next }
		$1 == "chmpxid" { host = ""; seed = "" }
		$1 == "hostname" { host = $3 }
		/^[[:space:]]*custom id seed[[:space:]]*=/ { seed = $0; sub(/^[^=]*=[[:space:]]*/, "", seed); sub(/[[:space:]]*$/, "", seed) }
		$1 == "status" && /\[DOWN\]/ && seed != "" && host != "" && host != seed { print seed "=" host }
	'
}

# _file_version <ini>: the FILEVERSION value.
_file_version()
{
	sed -n 's/^[[:space:]]*FILEVERSION[[:space:]]*=[[:space:]]*//p' "$1" | head -n 1
}

# _toggle_file_version <ini>: FILEVERSION 1 <-> 2 by overwriting that one byte (chmpx reloads on a change, compares
# FILEVERSION, and must never see a truncated file).
_toggle_file_version()
{
	_line=$(grep -b -m 1 '^FILEVERSION = [12]$' "$1") || { log "no FILEVERSION = 1 or 2 line in $1"; return 1; }
	_offset=$(( ${_line%%:*} + 14 ))
	case "${_line}" in
		*'= 1') printf 2 ;;
		*) printf 1 ;;
	esac | dd of="$1" bs=1 seek="${_offset}" conv=notrunc status=none
}

# _watch_peers <seconds>: a pause of <seconds> that looks for moved peers every K2HR3_RING_KEEPER_PEER_CHECK (2) s.
_watch_peers()
{
	_left=$1
	while [ "${_left}" -gt 0 ]; do
		_step=${K2HR3_RING_KEEPER_PEER_CHECK:-2}
		[ "${_step}" -le "${_left}" ] || _step=${_left}
		_pause "${_step}"
		_left=$((_left - _step))
		forget_moved_peers "${_ini}"
	done
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

# _nudge_if_still <seconds> <state> <chmpxlinetool command>: waits (watching for moved peers), and if the node is
# still in that state, runs the command (then a status update) and logs what it did.
_nudge_if_still()
{
	_watch_peers "$1"
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
