#!/usr/bin/env bash
# Makes sure PostgreSQL, Redis and NATS (with JetStream) answer at the addresses the platform
# uses (DATABASE_URL, REDIS_URL, NATS_URL or their defaults). Any that does not answer is started:
# with the machine's own server binaries where they are installed, otherwise with
# `docker compose up -d <service>` where a Docker engine runs. If one still does not answer, this
# prints which one, at which address and how to get it, and exits 1.
set -uo pipefail

DATABASE_URL="${DATABASE_URL:-postgres://127.0.0.1:5432/realtime}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
NATS_URL="${NATS_URL:-nats://127.0.0.1:4222}"

# host and port of a URL such as postgres://user@host:5432/db
host_of() { local rest="${1#*://}"; rest="${rest#*@}"; rest="${rest%%/*}"; echo "${rest%%:*}"; }
port_of() { local rest="${1#*://}"; rest="${rest#*@}"; rest="${rest%%/*}"; [[ "$rest" == *:* ]] && echo "${rest##*:}" || echo "$2"; }

answers() { timeout 1 bash -c "</dev/tcp/$1/$2" 2>/dev/null; }

wait_for() { # host port seconds
  for _ in $(seq 1 $(($3 * 5))); do answers "$1" "$2" && return 0; sleep 0.2; done
  return 1
}

is_local() { [[ "$1" == 127.0.0.1 || "$1" == localhost || "$1" == ::1 ]]; }

have_docker() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

start_postgres() {
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
  elif have_docker; then docker compose up -d postgres
  fi
}

start_redis() {
  if command -v redis-server >/dev/null 2>&1; then
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$1" --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
  elif have_docker; then docker compose up -d redis
  fi
}

start_nats() {
  local bin; bin="$(command -v nats-server || echo /usr/sbin/nats-server)"
  if [ -x "$bin" ]; then
    mkdir -p /var/lib/nats-server 2>/dev/null
    start-stop-daemon --start --oknodo --background --exec "$bin" -- -a 127.0.0.1 -p "$1" -js -sd /var/lib/nats-server -l /var/log/nats-server.log
  elif have_docker; then docker compose up -d nats
  fi
}

missing=0
ensure() { # name url default-port starter how-to-get-it
  local host port; host="$(host_of "$2")"; port="$(port_of "$2" "$3")"
  if answers "$host" "$port"; then echo "ok: $1 answers at $host:$port"; return; fi
  if is_local "$host"; then
    echo "starting $1 at $host:$port ..."
    "$4" "$port" >/dev/null 2>&1
    if wait_for "$host" "$port" 15; then echo "ok: $1 started at $host:$port"; return; fi
  fi
  echo "MISSING: $1 does not answer at $host:$port. $5" >&2
  missing=1
}

ensure PostgreSQL "$DATABASE_URL" 5432 start_postgres "Install it (apt-get install postgresql) or run 'docker compose up -d postgres', or point DATABASE_URL at one."
ensure Redis "$REDIS_URL" 6379 start_redis "Install it (apt-get install redis-server) or run 'docker compose up -d redis', or point REDIS_URL at one."
ensure NATS "$NATS_URL" 4222 start_nats "Install nats-server (apt-get install nats-server) and run it with -js, or run 'docker compose up -d nats', or point NATS_URL at one."
exit "$missing"
