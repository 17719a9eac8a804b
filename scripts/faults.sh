#!/usr/bin/env bash
# Process-level fault run (issue 9, item 10). Starts PostgreSQL, redis/Valkey, the HTTP server, two
# generation workers and a deterministic fake LLM (scripts/lib/stack.sh), streams events with unique
# ids while it kill -9s the server and the workers (restarting them) and restarts Valkey (clean,
# SIGKILL, and a host crash that loses the AOF's last second), then checks that every acknowledged
# event has exactly the observations a fault-free run gives it and that no job is pending or failed.
#
#   scripts/faults.sh            3000 events, every fault 3 times (about 5-10 minutes)
#   scripts/faults.sh --short    300 events, every fault once, the server killed twice (CI)
#   scripts/faults.sh --events N --rounds R
# Exit 0: all good. Exit 1: one `claude-mem: ...` line per mismatch. STACK_KEEP=1 keeps the logs.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/stack.sh

events=3000 rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --short) events=300 rounds=1 ;;
    --events) events=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    *) stack_fail "unknown option $1 (use --short, --events N, --rounds R)" ;;
  esac
  shift
done

# One round: each kind of fault once. The short form adds a second server kill.
faults=()
for _ in $(seq "$rounds"); do
  faults+=(kill-server kill-worker-1 restart-valkey kill-worker-2 kill-valkey crash-valkey)
done
[ "$rounds" = 1 ] && faults+=(kill-server)

inject() {
  case "$1" in
    kill-server) stack_restart_server KILL ;;
    kill-worker-1) stack_restart_worker 1 KILL ;;
    kill-worker-2) stack_restart_worker 2 KILL ;;
    restart-valkey) stack_restart_redis_clean ;;
    kill-valkey) stack_restart_redis_killed ;;
    crash-valkey)
      # Lose what Valkey acknowledged in the last second: the mark is the AOF's length a second ago.
      local mark
      mark=$(stat -c %s "$(stack_redis_aof)")
      sleep 1
      stack_crash_redis "$mark" ;;
  esac
}

started=$SECONDS
stack_init
stack_start_all 2
key=$(stack_create_key faults memories:read,memories:write)
project="faults-$$"
stack_log "stack up in $((SECONDS - started)) s: server $STACK_URL, ${#faults[@]} faults over $events events"

acks="$STACK_ROOT/acks.jsonl" progress="$STACK_ROOT/progress"
echo 0 >"$progress"
acknowledged() { local n; n=$(cat "$progress" 2>/dev/null); echo "${n:-0}"; }
gate="$STACK_ROOT/gate"
open_gate() { echo "$1" >"$gate.tmp" && mv "$gate.tmp" "$gate"; }
node tests/faults/client.mjs stream "$STACK_URL" "$key" "$project" "$events" "run$$" "$acks" "$progress" "$gate" &
client=$!
STACK_PIDS+=("$client")

# Faults are spread over the stream by progress: fault i lands once i/(n+1) of the events are
# acknowledged, while the client has up to half a slice more in flight; the gate holds the client there
# until the fault is in, so every fault lands mid-stream however fast or slow the machine is.
injected=0 slice=$(( events / (${#faults[@]} + 1) ))
for i in "${!faults[@]}"; do
  threshold=$(( slice * (i + 1) ))
  open_gate $(( threshold + slice / 2 ))
  while [ "$(acknowledged)" -lt "$threshold" ]; do
    kill -0 "$client" 2>/dev/null || break 2
    sleep 0.1
  done
  t=$SECONDS
  inject "${faults[$i]}"
  injected=$((injected + 1))
  stack_log "fault $((i + 1))/${#faults[@]}: ${faults[$i]} at $(acknowledged) acknowledged, back in $((SECONDS - t)) s"
done
open_gate "$events"
client_status=0
wait "$client" || client_status=$?
stack_forget "$client"
[ "$injected" = "${#faults[@]}" ] || stack_fail "the stream ended after $injected of ${#faults[@]} faults"

verify_status=0
node tests/faults/client.mjs verify "$STACK_URL" "$key" "$project" "$acks" 300 || verify_status=$?
[ "$client_status" = 0 ] || stack_fail "the stream reported errors (above)"
[ "$verify_status" = 0 ] || stack_fail "fault run: acknowledged events and their observations do not match a fault-free run (above)"
stack_log "fault run passed: $events events, $injected faults (${faults[*]}), $(stack_redispatched) jobs lost by Valkey and re-pushed, $((SECONDS - started)) s"
