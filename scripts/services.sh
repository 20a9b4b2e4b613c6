#!/usr/bin/env bash
# Install (when missing, as root) and start PostgreSQL and Redis on this machine, and create
# the development role and database. Used by `make services-test` and by CI.
set -euo pipefail

DB_USER=${DB_USER:-samen}
DB_PASSWORD=${DB_PASSWORD:-samen}   # local development/CI only
DB_NAME=${DB_NAME:-samen}

need=()
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "Please install: ${need[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

# PostgreSQL: start the first cluster (Debian creates one with the package).
version=$(ls /etc/postgresql | sort -V | tail -n 1)
# Concurrency tests open 100+ connections at once (one per simulated officer); the Debian
# default of 100 is too low for that plus the test runner and the Celery worker.
conf=/etc/postgresql/$version/main/postgresql.conf
if [ -w "$conf" ] && ! grep -q '^max_connections = 300' "$conf"; then
  sed -i 's/^#\?max_connections = .*/max_connections = 300/' "$conf"
  if pg_lsclusters -h | grep -q "online"; then pg_ctlcluster "$version" main restart; fi
fi
if ! pg_lsclusters -h | grep -q "online"; then
  pg_ctlcluster "$version" main start
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 && break
  sleep 1
done
run_psql() { (cd / && runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qtA "$@"); }
if [ "$(run_psql -c "SELECT 1 FROM pg_roles WHERE rolname='$DB_USER'")" != 1 ]; then
  run_psql -c "CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD'"
fi
if [ "$(run_psql -c "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'")" != 1 ]; then
  run_psql -c "CREATE DATABASE $DB_NAME OWNER $DB_USER"
fi

# Redis
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 1 30); do
    redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break
    sleep 0.5
  done
fi
echo "services up: postgres://$DB_USER:***@127.0.0.1:5432/$DB_NAME redis://127.0.0.1:6379/0"
