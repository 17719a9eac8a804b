#!/usr/bin/env bash
# Starts (or reuses) a local PostgreSQL and Valkey/redis-server for development, on loopback,
# with data under .data/. Prints the environment to use them. `dev-servers.sh stop` stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD/.data"
pg_port="${CLAUDE_MEM_DEV_PG_PORT:-55432}"
redis_port="${CLAUDE_MEM_DEV_REDIS_PORT:-56379}"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
as_postgres() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=postgres --regid=postgres --init-groups "$@"; else "$@"; fi; }

if [ "${1:-}" = stop ]; then
  [ -f "$root/pg/postmaster.pid" ] && as_postgres "$pg_bin/pg_ctl" -D "$root/pg" stop -m fast >/dev/null || true
  [ -f "$root/redis/redis.pid" ] && kill "$(cat "$root/redis/redis.pid")" 2>/dev/null || true
  exit 0
fi

mkdir -p "$root/redis"
if [ ! -f "$root/pg/PG_VERSION" ]; then
  mkdir -p "$root/pg"
  [ "$(id -u)" = 0 ] && chown postgres "$root/pg"
  as_postgres "$pg_bin/initdb" -D "$root/pg" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
fi
if ! as_postgres "$pg_bin/pg_ctl" -D "$root/pg" status >/dev/null 2>&1; then
  as_postgres "$pg_bin/pg_ctl" -D "$root/pg" -l "$root/pg/server.log" -w start \
    -o "-p $pg_port -k $root/pg -c listen_addresses=127.0.0.1" >/dev/null
fi

redis_bin=$(command -v valkey-server || command -v redis-server)
if ! { [ -f "$root/redis/redis.pid" ] && kill -0 "$(cat "$root/redis/redis.pid")" 2>/dev/null; }; then
  "$redis_bin" --port "$redis_port" --bind 127.0.0.1 --dir "$root/redis" --appendonly yes --appendfsync everysec \
    --maxmemory-policy noeviction --save "" --daemonize yes --pidfile "$root/redis/redis.pid" --logfile "$root/redis/redis.log"
  for _ in $(seq 50); do [ -f "$root/redis/redis.pid" ] && break; sleep 0.1; done
fi

echo "export CLAUDE_MEM_SERVER_DATABASE_URL=postgres://postgres@127.0.0.1:$pg_port/postgres"
echo "export CLAUDE_MEM_REDIS_URL=redis://127.0.0.1:$redis_port"
