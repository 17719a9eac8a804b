#!/usr/bin/env bash
# The end-to-end checks of the deployment (issue 9, item 11), against ops/docker-compose.yml where a
# Docker engine answers (`docker info`), else against the same processes started locally
# (scripts/lib/stack.sh: PostgreSQL, Valkey/redis-server, the server with generation disabled, a
# worker, the fake LLM). --processes or --compose forces one form. The checks:
#   1. an event posted with wait=true answers with its generation job completed, and its observations exist;
#   2. restarting the server and the worker mid-stream loses nothing: every acknowledged event gets
#      exactly its observations, no job is left pending;
#   3. a revoked key is refused for reads and writes;
#   4. `local-dev` auth inside Docker refuses to boot.
# Exit 0 when all pass; otherwise one `claude-mem: ...` line says which failed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/stack.sh

form=auto
case "${1:-}" in
  --processes) form=processes ;;
  --compose) form=compose ;;
  "") ;;
  *) stack_fail "unknown option $1 (use --processes or --compose)" ;;
esac
if [ "$form" = auto ]; then
  if command -v docker >/dev/null && docker info >/dev/null 2>&1; then form=compose; else form=processes; fi
fi

started=$SECONDS
stack_init
if [ "$form" = compose ]; then
  if docker compose version >/dev/null 2>&1; then dc=(docker compose); else dc=(docker-compose); fi
  compose() { "${dc[@]}" -p "cm-e2e-$$" -f ops/docker-compose.yml -f tests/faults/docker-compose.e2e.yml "$@"; }
  compose_down() { compose down -v --remove-orphans >/dev/null 2>&1 || true; }
  STACK_ON_EXIT=compose_down
  POSTGRES_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  export POSTGRES_PASSWORD
  stack_log "compose form: building and starting ops/docker-compose.yml"
  compose up -d --build >"$STACK_ROOT/compose.log" 2>&1 || { cat "$STACK_ROOT/compose.log" >&2; stack_fail "docker compose up failed"; }
  STACK_URL=http://127.0.0.1:37877
  wait_ready() { stack_wait 300 "the server to be ready" curl -fsS "$STACK_URL/api/readiness"; }
  wait_ready
  cli() { compose exec -T claude-mem-server dotnet /app/claude-mem.dll "$@"; }
  restart_server() { compose restart claude-mem-server >/dev/null 2>&1; wait_ready; }
  restart_worker() { compose restart claude-mem-worker >/dev/null 2>&1; }
  boot_local_dev() { compose run --rm --no-deps -e CLAUDE_MEM_AUTH_MODE=local-dev claude-mem-server server start; }
else
  stack_log "process form"
  stack_start_all 1
  cli() { stack_cli "$@"; }
  # `docker compose restart` sends SIGTERM: the same here.
  restart_server() { stack_restart_server TERM; }
  restart_worker() { stack_restart_worker 1 TERM; }
  # CLAUDE_MEM_DOCKER=1 applies the Docker rules (as /.dockerenv does inside a container).
  boot_local_dev() {
    CLAUDE_MEM_DOCKER=1 CLAUDE_MEM_AUTH_MODE=local-dev CLAUDE_MEM_SERVER_PORT="$(stack_free_port)" \
      CLAUDE_MEM_PID_FILE="$STACK_ROOT/local-dev.pid" timeout 120 "$STACK_CLI" server start
  }
fi
key=$(cli server api-key create --name e2e --scope memories:read,memories:write --json | json .key)
project="e2e-$$"
auth=(-H "Authorization: Bearer $key" -H 'Content-Type: application/json')
stack_log "stack up in $((SECONDS - started)) s at $STACK_URL"

# 1. wait=true answers with the completed job.
reply=$(curl -sS -X POST "$STACK_URL/v1/events?wait=true&waitMs=60000" "${auth[@]}" \
  -d "{\"projectId\":\"$project\",\"sourceType\":\"hook\",\"eventType\":\"PostToolUse\",\"occurredAtEpoch\":$(date +%s000),\"payload\":{\"tool_name\":\"Read\",\"tool_input\":{\"file_path\":\"faults/e2e-wait/k2.ts\"}}}")
job_status=$(echo "$reply" | json '.generationJob?.status')
[ "$job_status" = completed ] || stack_fail "check 1: an event with wait=true answered job status '$job_status': $reply"
event_id=$(echo "$reply" | json .event.id)
count=$(curl -sS "$STACK_URL/v1/events/$event_id/observations" "${auth[@]}" | json .observations.length)
[ "$count" = 2 ] || stack_fail "check 1: the waited-for event has $count observations, the fake LLM gives it 2"
stack_log "ok 1: wait=true answered the completed job and its 2 observations"

# 2. Restart the server and the worker while events stream in.
acks="$STACK_ROOT/acks.jsonl" progress="$STACK_ROOT/progress"
echo 0 >"$progress"
acknowledged() { local n; n=$(cat "$progress" 2>/dev/null); echo "${n:-0}"; }
events=200
# The gate (see scripts/faults.sh) keeps the stream going until both restarts have landed.
gate="$STACK_ROOT/gate"
open_gate() { echo "$1" >"$gate.tmp" && mv "$gate.tmp" "$gate"; }
node tests/faults/client.mjs stream "$STACK_URL" "$key" "$project" "$events" "e2e$$" "$acks" "$progress" "$gate" &
client=$!
STACK_PIDS+=("$client")
# The worker first: the server's restart takes long enough for the rest of the stream to pile up behind it.
mid_stream() { # mid_stream FRACTION_NUMERATOR WHAT CMD...: run CMD once that share of the events is acknowledged
  local at=$(( events * $1 / 3 )) what=$2; shift 2
  open_gate $(( at + events / 6 ))
  until [ "$(acknowledged)" -ge "$at" ]; do
    kill -0 "$client" 2>/dev/null || stack_fail "check 2: the stream ended before the $what restart"
    sleep 0.1
  done
  "$@"
  stack_log "$what restarted at $(acknowledged)/$events acknowledged"
}
mid_stream 1 worker restart_worker
mid_stream 2 server restart_server
open_gate "$events"
wait "$client" || stack_fail "check 2: the stream reported errors (above)"
stack_forget "$client"
# The waited-for event of check 1 is part of the project: count it in.
echo "{\"id\":\"e2e-wait\",\"k\":2,\"eventId\":\"$event_id\"}" >>"$acks"
node tests/faults/client.mjs verify "$STACK_URL" "$key" "$project" "$acks" 300 \
  || stack_fail "check 2: restarting the server and the worker mid-stream lost or doubled something (above)"
stack_log "ok 2: server and worker restarted mid-stream, nothing lost or doubled"

# 3. A revoked key is refused for reads and writes.
created=$(cli server api-key create --name e2e-revoked --scope memories:read,memories:write --json)
revoked_key=$(echo "$created" | json .key)
revoked_id=$(echo "$created" | json .apiKey.id)
revoked=(-H "Authorization: Bearer $revoked_key" -H 'Content-Type: application/json')
before=$(curl -sS -o /dev/null -w '%{http_code}' "$STACK_URL/v1/events/$event_id" "${revoked[@]}")
[ "$before" = 200 ] || stack_fail "check 3: the new key could not read before its revocation ($before)"
cli server api-key revoke "$revoked_id" >/dev/null
read_code=$(curl -sS -o /dev/null -w '%{http_code}' "$STACK_URL/v1/events/$event_id" "${revoked[@]}")
write_code=$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$STACK_URL/v1/memories" "${revoked[@]}" \
  -d "{\"projectId\":\"$project\",\"text\":\"written with a revoked key\"}")
event_code=$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$STACK_URL/v1/events" "${revoked[@]}" \
  -d "{\"projectId\":\"$project\",\"sourceType\":\"hook\",\"eventType\":\"PostToolUse\",\"occurredAtEpoch\":$(date +%s000),\"payload\":{}}")
[ "$read_code $write_code $event_code" = "403 403 403" ] \
  || stack_fail "check 3: a revoked key got read $read_code, memory write $write_code, event write $event_code (want 403 for each)"
stack_log "ok 3: the revoked key is refused (read, memory write, event write: 403)"

# 4. local-dev auth in Docker refuses to boot: exit code 2 with a line naming the rule, before listening.
boot_status=0
boot_output=$(boot_local_dev 2>&1) || boot_status=$?
[ "$boot_status" = 2 ] && grep -q 'local-dev' <<<"$boot_output" \
  || stack_fail "check 4: local-dev auth in Docker exited $boot_status (want 2 naming local-dev): $boot_output"
stack_log "ok 4: local-dev auth in Docker refused to boot: $(grep -m1 'local-dev' <<<"$boot_output")"
stack_log "e2e ($form form) passed in $((SECONDS - started)) s"
