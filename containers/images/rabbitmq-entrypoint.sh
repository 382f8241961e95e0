#!/bin/sh
#
# Entrypoint of the local RabbitMQ image: turns the official image's variables into a rabbitmq.conf fragment (the
# values never reach the log), then runs the command (rabbitmq-server) in the foreground.
#
set -eu
dir=${RABBITMQ_CONFIG_FILES:-/var/lib/rabbitmq/conf.d}
mkdir -p "${dir}"
umask 077
{
	echo "loopback_users = none"
	echo "listeners.tcp.default = 5672"
	echo "management.tcp.port = 15672"
	if [ -n "${RABBITMQ_DEFAULT_USER:-}" ]; then
		echo "default_user = ${RABBITMQ_DEFAULT_USER}"
	fi
	if [ -n "${RABBITMQ_DEFAULT_PASS:-}" ]; then
		echo "default_pass = ${RABBITMQ_DEFAULT_PASS}"
	fi
	if [ -n "${RABBITMQ_DEFAULT_VHOST:-}" ]; then
		echo "default_vhost = ${RABBITMQ_DEFAULT_VHOST}"
	fi
} > "${dir}/10-k2hr3-defaults.conf"
exec "$@"
