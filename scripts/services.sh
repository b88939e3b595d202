#!/usr/bin/env bash
# Starts, stops or reports the real services the bus tests use: RabbitMQ (Debian's
# rabbitmq-server) and PostgreSQL (Debian's postgresql), each on a non-default port on 127.0.0.1,
# with all their state under one folder in /tmp. Idempotent: `start` on running services does
# nothing but print their URLs. Installs the packages with apt-get when they are missing.
#
#   bash scripts/services.sh start|stop|status
#
# Writes $STATE/env (MATRYOSHKA_AMQP_URL, MATRYOSHKA_PG_URL), which the tests read.
# Override with MATRYOSHKA_SERVICES_DIR, MATRYOSHKA_AMQP_PORT, MATRYOSHKA_EPMD_PORT,
# MATRYOSHKA_PG_PORT. Needs root (apt-get, and RabbitMQ runs as root; PostgreSQL as `postgres`).
set -euo pipefail

STATE=${MATRYOSHKA_SERVICES_DIR:-/tmp/matryoshka-services}
AMQP_PORT=${MATRYOSHKA_AMQP_PORT:-5679}
EPMD_PORT=${MATRYOSHKA_EPMD_PORT:-4370}
PG_PORT=${MATRYOSHKA_PG_PORT:-5439}
PG_ROLE=matryoshka
PG_PASSWORD=pg-s3cret-pw
AMQP_USER=matryoshka
AMQP_PASSWORD=amqp-s3cret-pw
PG_DB=matryoshka
AMQP_URL="amqp://${AMQP_USER}:${AMQP_PASSWORD}@127.0.0.1:${AMQP_PORT}"
PG_URL="postgres://${PG_ROLE}:${PG_PASSWORD}@127.0.0.1:${PG_PORT}/${PG_DB}"

RABBIT_BIN=/usr/lib/rabbitmq/bin
RABBIT_DIR="$STATE/rabbitmq"
RABBIT_PID="$RABBIT_DIR/rabbit.pid"
PG_DIR="$STATE/postgres"
PG_DATA="$PG_DIR/data"
PG_SOCK="$PG_DIR/socket"

log() { printf 'services: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] || return 1
  printf '%s' "$dir"
}

apt_updated=0
apt_install() {
  [ "$(id -u)" -eq 0 ] || die "$* is missing and installing it needs root"
  if [ "$apt_updated" -eq 0 ] && ! apt-cache show "$@" >/dev/null 2>&1; then
    log "apt-get update"
    apt-get update -qq >/dev/null
    apt_updated=1
  fi
  log "installing $* (once)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_installed() {
  [ -x "$RABBIT_BIN/rabbitmq-server" ] || apt_install rabbitmq-server
  pg_bin >/dev/null || apt_install postgresql
}

# Accepts a TCP connection on 127.0.0.1:$1?
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

rabbit_env() {
  export HOME="$RABBIT_DIR/home"
  export RABBITMQ_NODENAME="matryoshka@localhost"
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT="$AMQP_PORT"
  export RABBITMQ_DIST_PORT=$((AMQP_PORT + 20000))
  export RABBITMQ_MNESIA_BASE="$RABBIT_DIR/mnesia"
  export RABBITMQ_LOG_BASE="$RABBIT_DIR/log"
  export RABBITMQ_PID_FILE="$RABBIT_PID"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$RABBIT_DIR/enabled_plugins"
  export ERL_EPMD_PORT="$EPMD_PORT"
  export ERL_EPMD_ADDRESS=127.0.0.1
}

rabbit_pid() {
  local pid
  [ -f "$RABBIT_PID" ] || return 1
  pid=$(cat "$RABBIT_PID" 2>/dev/null)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && printf '%s' "$pid"
}

rabbit_start() {
  if rabbit_pid >/dev/null && port_open "$AMQP_PORT"; then rabbit_user; return 0; fi
  if ! rabbit_pid >/dev/null; then
    mkdir -p "$RABBIT_DIR/home" "$RABBIT_DIR/mnesia" "$RABBIT_DIR/log"
    [ -f "$RABBIT_DIR/enabled_plugins" ] || echo '[].' >"$RABBIT_DIR/enabled_plugins"
    log "starting RabbitMQ on 127.0.0.1:$AMQP_PORT (epmd $EPMD_PORT)"
    (rabbit_env; "$RABBIT_BIN/rabbitmq-server" -detached >"$RABBIT_DIR/log/detached.out" 2>&1 9>&-)
  fi
  local i
  for i in $(seq 1 120); do
    if port_open "$AMQP_PORT"; then rabbit_user; return 0; fi
    sleep 0.5
  done
  die "RabbitMQ did not accept connections on $AMQP_PORT within 60 s; see $RABBIT_DIR/log"
}

# The tests' user (its password differs from its name, so scrubbing tests mean something).
rabbit_user() {
  [ -f "$RABBIT_DIR/user-$AMQP_USER" ] && return 0
  (
    rabbit_env
    ctl="$RABBIT_BIN/rabbitmqctl"
    "$ctl" -q await_startup >/dev/null 2>&1 9>&- || true
    "$ctl" -q add_user "$AMQP_USER" "$AMQP_PASSWORD" >/dev/null 2>&1 9>&- ||
      "$ctl" -q change_password "$AMQP_USER" "$AMQP_PASSWORD" >/dev/null 9>&-
    "$ctl" -q set_permissions -p / "$AMQP_USER" '.*' '.*' '.*' >/dev/null 9>&-
  ) || die "could not create the RabbitMQ user $AMQP_USER; see $RABBIT_DIR/log"
  touch "$RABBIT_DIR/user-$AMQP_USER"
}

rabbit_stop() {
  local pid i
  if pid=$(rabbit_pid); then
    log "stopping RabbitMQ (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$RABBIT_PID"
  local epmd
  epmd=$(command -v epmd || ls /usr/lib/erlang/erts-*/bin/epmd 2>/dev/null | head -n 1 || true)
  if [ -n "$epmd" ]; then ERL_EPMD_PORT="$EPMD_PORT" "$epmd" -port "$EPMD_PORT" -kill >/dev/null 2>&1 || true; fi
}

pg() { runuser -u postgres -- "$(pg_bin)/$1" "${@:2}"; }

pg_running() { [ -f "$PG_DATA/PG_VERSION" ] && pg pg_ctl -D "$PG_DATA" status >/dev/null 2>&1; }

pg_start() {
  if ! { pg_running && port_open "$PG_PORT"; }; then pg_boot; fi
  # A server killed a moment ago can still look alive (pid file, open port): boot once more.
  pg_role 2>/dev/null || { sleep 2; pg_boot; pg_role; }
}

pg_boot() {
  mkdir -p "$PG_DIR"
  chown postgres: "$PG_DIR"
  chmod 755 "$STATE" "$PG_DIR"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    log "initdb $PG_DATA"
    pg initdb -D "$PG_DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 || die "initdb failed; see $PG_DIR/initdb.log"
  fi
  runuser -u postgres -- mkdir -p "$PG_SOCK"
  if ! pg_running; then
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    pg pg_ctl -D "$PG_DATA" -l "$PG_DIR/postgres.log" -w -t 60 \
      -o "-p $PG_PORT -k $PG_SOCK -c listen_addresses=127.0.0.1" start >/dev/null 9>&- ||
      die "PostgreSQL did not start; see $PG_DIR/postgres.log"
  fi
}

# The tests' role and database (idempotent; the password is set on every start).
pg_role() {
  pg psql -h "$PG_SOCK" -p "$PG_PORT" -U postgres -d postgres -qtA -v ON_ERROR_STOP=1 >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_ROLE') THEN
    CREATE ROLE $PG_ROLE LOGIN;
  END IF;
  ALTER ROLE $PG_ROLE PASSWORD '$PG_PASSWORD';
END \$\$;
SELECT 'CREATE DATABASE $PG_DB OWNER $PG_ROLE'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$PG_DB')\gexec
SQL
}

pg_stop() {
  if pg_running; then
    log "stopping PostgreSQL"
    pg pg_ctl -D "$PG_DATA" -m fast -w stop >/dev/null
  fi
}

write_env() {
  printf 'MATRYOSHKA_AMQP_URL=%s\nMATRYOSHKA_PG_URL=%s\n' "$AMQP_URL" "$PG_URL" >"$STATE/env"
}

status() {
  local rc=0
  if rabbit_pid >/dev/null && port_open "$AMQP_PORT"; then echo "rabbitmq: running  $AMQP_URL"; else echo "rabbitmq: stopped"; rc=1; fi
  if pg_running && port_open "$PG_PORT"; then echo "postgres: running  $PG_URL"; else echo "postgres: stopped"; rc=1; fi
  return "$rc"
}

mkdir -p "$STATE"
# One `start` or `stop` at a time: several test runs may call this script at once. The daemons
# are started with fd 9 closed, so they do not inherit (and hold) the lock.
exec 9>"$STATE/lock"
flock 9

case "${1:-}" in
  start)
    ensure_installed
    pg_start
    rabbit_start
    write_env
    status
    ;;
  stop)
    rabbit_stop
    pg_stop
    status || true
    ;;
  stop-rabbitmq) rabbit_stop ;;
  start-rabbitmq) rabbit_start ;;
  status) status ;;
  *) die "usage: $0 start|stop|status (also start-rabbitmq|stop-rabbitmq)" ;;
esac
