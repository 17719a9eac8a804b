#!/usr/bin/env bash
# Statements and round trips per POST /v1/events, independent of machine load.
# Starts its own throwaway PostgreSQL (durable defaults, pg_stat_statements loaded) and
# redis-server on free loopback ports, runs the Release claude-mem server against them, sends
# N sequential PostToolUse events (each with its own sourceEventId, so each creates an event),
# and prints per request:
#   - statements (pg_stat_statements calls in the server's database, by statement),
#   - transactions (pg_stat_database xact_commit + xact_rollback),
#   - round trips, counted as data segments the server's sockets sent to PostgreSQL (ss -ti
#     data_segs_out): one segment per flush, which is one round trip for Npgsql's
#     write-then-read protocol use (a message set larger than a segment would count twice; a
#     1.1 KB event fits in one loopback segment),
#   - server CPU ms per request (/proc), the server's RSS at the end, and the latency curl sees on a new connection.
# Usage: bench/ingest/count-statements.sh [N]   (default 200; needs a Release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
requests=${1:-200}
exe=src/ClaudeMem.Http/bin/Release/net10.0/claude-mem
[[ -x $exe ]] || { echo "count-statements: build first: dotnet build ClaudeMem.sln -c Release" >&2; exit 1; }
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
work=$(mktemp -d /tmp/cm-count.XXXXXX)
chmod 755 "$work"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pg_port=$(free_port); redis_port=$(free_port); server_port=$(free_port)
as_pg() { if [[ $(id -u) == 0 ]]; then setpriv --reuid=postgres --regid=postgres --init-groups "$@"; else "$@"; fi; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

mkdir "$work/pg"; [[ $(id -u) == 0 ]] && chown postgres "$work/pg"
as_pg "$pgbin/initdb" -D "$work/pg" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
as_pg "$pgbin/postgres" -D "$work/pg" -p "$pg_port" -k "$work/pg" -c listen_addresses=127.0.0.1 \
  -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all >"$work/pg.log" 2>&1 &
pids+=($!)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >/dev/null 2>&1 &
pids+=($!)
psql_() { psql -h 127.0.0.1 -p "$pg_port" -U postgres -At "$@"; }
for _ in $(seq 100); do psql_ -c 'select 1' >/dev/null 2>&1 && break; sleep 0.2; done
psql_ -c 'create database bench_server' >/dev/null
psql_ -d bench_server -c 'create extension pg_stat_statements' >/dev/null

export CLAUDE_MEM_SERVER_DATABASE_URL="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=bench_server"
export CLAUDE_MEM_SERVER_HOST=127.0.0.1 CLAUDE_MEM_SERVER_PORT=$server_port CLAUDE_MEM_PID_FILE=$work/server.pid
export CLAUDE_MEM_RUNTIME=server-beta CLAUDE_MEM_QUEUE_ENGINE=bullmq CLAUDE_MEM_REDIS_URL=redis://127.0.0.1:$redis_port
export CLAUDE_MEM_SERVER_PROVIDER=offline CLAUDE_MEM_AUTH_MODE=api-key DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production
start_ns=$(date +%s%N)
"$exe" server start >"$work/server.log" 2>&1 &
server_pid=$!; pids+=($server_pid)
until curl -fs "http://127.0.0.1:$server_port/api/readiness" >/dev/null; do
  kill -0 $server_pid 2>/dev/null || { cat "$work/server.log"; exit 1; }; sleep 0.05; done
ready_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
key=$("$exe" server api-key create --name count --scope '*' --json | python3 -c 'import json,sys; t=sys.stdin.read(); print(json.loads(t[t.index("{"):])["key"])')

payload=$(python3 -c 'import json; print(json.dumps({"hook_event_name":"PostToolUse","tool_name":"Edit","cwd":"/home/dev/shop","tool_input":{"file_path":"/home/dev/shop/src/Orders/OrderService.cs","old_string":"x"*400,"new_string":"y"*450},"tool_response":{"success":True}}))')
post() { curl -fs -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  --data "{\"projectId\":\"bench\",\"sourceType\":\"hook\",\"eventType\":\"PostToolUse\",\"occurredAtEpoch\":$(date +%s%3N),\"payload\":$payload,\"sourceEventId\":\"count-$1\"}" \
  "http://127.0.0.1:$server_port/v1/events"; }
for i in $(seq 20); do post warm-$i >/dev/null; done   # JIT, pools, prepared plans settle
sleep 2                                                # let the warm-up's dispatches finish

segs() { ss -tinpH "dport = :$pg_port" 2>/dev/null | grep -A1 "pid=$server_pid," | grep -o 'data_segs_out:[0-9]*' | cut -d: -f2 | paste -sd+ | bc; }
cpu() { awk '{print $14+$15}' /proc/$server_pid/stat; }
xacts() { psql_ -d bench_server -c "select xact_commit+xact_rollback from pg_stat_database where datname='bench_server'"; }
psql_ -d bench_server -c 'select pg_stat_statements_reset()' >/dev/null
segs0=$(segs); cpu0=$(cpu); x0=$(xacts)
for i in $(seq "$requests"); do post "$i"; done >"$work/replies"
codes=$(cut -d' ' -f1 "$work/replies" | sort | uniq -c | tr -s ' ')
sleep 2                                                # the dispatches the requests caused
segs1=$(segs); cpu1=$(cpu); x1=$(xacts)
hz=$(getconf CLK_TCK)
echo "responses:$codes   (first answer to readiness ${ready_ms} ms after process start)"
echo "latency of one POST on a new connection (curl, sequential; depends on machine load): $(cut -d' ' -f2 "$work/replies" | sort -n | awk '{a[NR]=$1*1000} END {printf "median %.1f ms, p90 %.1f ms", a[int(NR/2)+1], a[int(NR*0.9)]}')"
echo "per request, over $requests requests (includes the outbox dispatch each one causes):"
psql_ -d bench_server -F $'\t' -c "select round(sum(calls)::numeric/$requests,2) from pg_stat_statements where query not like '%pg_stat_statements%'" | sed 's/^/  statements: /'
echo "  transactions: $(echo "scale=2; ($x1-$x0-2)/$requests" | bc)"
echo "  round trips (segments to PostgreSQL; pool connections opened meanwhile are missed): $(echo "scale=2; ($segs1-$segs0)/$requests" | bc)"
echo "  server CPU ms: $(echo "scale=2; ($cpu1-$cpu0)*1000/$hz/$requests" | bc)"
echo "server RSS: $(awk '/VmRSS/{print $2/1024 " MB"}' /proc/$server_pid/status), peak $(awk '/VmHWM/{print $2/1024 " MB"}' /proc/$server_pid/status)"
echo "  of which $(grep -E "RssAnon|RssFile" /proc/$server_pid/status | tr -s " \t" " " | paste -sd, ); threads $(ls /proc/$server_pid/task | wc -l); loaded DLLs incl. Roslyn: $(grep -c "\.dll" /proc/$server_pid/maps) maps, Microsoft.CodeAnalysis mapped: $(grep -c CodeAnalysis /proc/$server_pid/maps)"
echo "statements by calls per request:"
psql_ -d bench_server -F $'\t' -c "select round(calls::numeric/$requests,2), left(regexp_replace(query, '\s+', ' ', 'g'), 150) from pg_stat_statements where query not like '%pg_stat_statements%' order by calls desc limit 40" | sed 's/^/  /'
