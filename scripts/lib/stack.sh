# shellcheck shell=bash
# The production shape as local processes, for scripts/faults.sh and scripts/e2e.sh: a PostgreSQL
# and a redis-server (or valkey-server) of their own, the HTTP server with generation disabled,
# generation workers, and the fake LLM (tests/faults/fake-llm.mjs, OpenAI wire format). Everything
# listens on loopback, on free ports, keeps its data and logs under one temporary directory, and is
# stopped by PID when the script exits. Source it, then call stack_init.

STACK_PIDS=()      # every process started here, stopped by PID at exit
STACK_ROOT=""
STACK_ACTIVE=1

stack_log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
stack_fail() { printf 'claude-mem: %s\n' "$*" >&2; exit 1; }

# as_postgres CMD...: PostgreSQL refuses to run as root.
as_postgres() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=postgres --regid=postgres --init-groups "$@"; else "$@"; fi; }

stack_init() {
  STACK_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/cm-stack-XXXXXX")
  chmod 755 "$STACK_ROOT"
  trap stack_cleanup EXIT
  trap 'exit 130' INT TERM
  STACK_PREFIX="cm-stack-$$"
}

stack_cleanup() {
  local status=$?
  STACK_ACTIVE=0
  [ -n "${STACK_ON_EXIT:-}" ] && "$STACK_ON_EXIT"
  local pid
  for pid in "${STACK_PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  for pid in "${STACK_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "${STACK_PG_DATA:-}" ] && [ -f "$STACK_PG_DATA/postmaster.pid" ]; then
    as_postgres "$STACK_PG_BIN/pg_ctl" -D "$STACK_PG_DATA" stop -m immediate >/dev/null 2>&1 || true
  fi
  if [ "$status" -ne 0 ] && [ -n "$STACK_ROOT" ] && [ -z "${STACK_KEEP:-}" ]; then
    # The logs say why; keep their tails before the directory goes.
    local log
    for log in "$STACK_ROOT"/*.log; do
      [ -f "$log" ] || continue
      printf -- '--- last lines of %s\n' "$(basename "$log")" >&2
      tail -n 15 "$log" >&2
    done
  fi
  [ -n "$STACK_ROOT" ] && [ -z "${STACK_KEEP:-}" ] && rm -rf "$STACK_ROOT"
  [ -n "${STACK_KEEP:-}" ] && echo "kept $STACK_ROOT" >&2
  return "$status"
}

stack_forget() { # drop a PID from the cleanup list once it is gone
  local gone=$1 kept=() pid
  for pid in "${STACK_PIDS[@]}"; do [ "$pid" = "$gone" ] || kept+=("$pid"); done
  STACK_PIDS=("${kept[@]}")
}

# stack_free_port: a loopback port nothing listens on (bash's /dev/tcp: no extra tools).
stack_free_port() {
  local port
  while :; do
    port=$(( 20000 + RANDOM % 40000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

stack_wait() { # stack_wait SECONDS WHAT CMD...: until CMD succeeds
  local seconds=$1 what=$2; shift 2
  local deadline=$(( SECONDS + seconds ))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || stack_fail "timed out after ${seconds} s waiting for $what"
    sleep 0.2
  done
}

# --- PostgreSQL ---------------------------------------------------------------------------------
stack_start_postgres() {
  STACK_PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  STACK_PG_DATA="$STACK_ROOT/pg"
  mkdir -p "$STACK_PG_DATA"
  touch "$STACK_ROOT/postgres.log"
  [ "$(id -u)" = 0 ] && chown postgres "$STACK_PG_DATA" "$STACK_ROOT/postgres.log"
  as_postgres "$STACK_PG_BIN/initdb" -D "$STACK_PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
  # The log lives beside the other logs so a failing run prints its tail. A free port can be taken
  # between the check and the bind (other clusters start on this machine too): try another one.
  local attempt
  for attempt in 1 2 3; do
    STACK_PG_PORT=$(stack_free_port)
    as_postgres "$STACK_PG_BIN/pg_ctl" -D "$STACK_PG_DATA" -l "$STACK_ROOT/postgres.log" -w -t 120 start \
      -o "-p $STACK_PG_PORT -k $STACK_PG_DATA -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" >/dev/null \
      && break
    [ "$attempt" -lt 3 ] || stack_fail "postgres did not start (postgres.log below)"
    stack_log "postgres did not start on port $STACK_PG_PORT, trying another port"
    as_postgres "$STACK_PG_BIN/pg_ctl" -D "$STACK_PG_DATA" stop -m immediate >/dev/null 2>&1 || true
  done
  export CLAUDE_MEM_SERVER_DATABASE_URL="postgres://postgres@127.0.0.1:$STACK_PG_PORT/postgres"
  stack_log "postgres on $STACK_PG_PORT"
}

# --- redis / Valkey -----------------------------------------------------------------------------
# Same settings as ops/valkey.conf: AOF on, fsync every second.
stack_start_redis() {
  local bin
  bin=$(command -v valkey-server || command -v redis-server) || stack_fail "neither valkey-server nor redis-server is installed"
  STACK_REDIS_DIR="$STACK_ROOT/redis"
  mkdir -p "$STACK_REDIS_DIR"
  STACK_REDIS_PORT=${STACK_REDIS_PORT:-$(stack_free_port)}
  "$bin" --port "$STACK_REDIS_PORT" --bind 127.0.0.1 --dir "$STACK_REDIS_DIR" --appendonly yes --appendfsync everysec \
    --maxmemory-policy noeviction --save "" --daemonize no >>"$STACK_ROOT/redis.log" 2>&1 &
  STACK_REDIS_PID=$!
  STACK_PIDS+=("$STACK_REDIS_PID")
  stack_wait 30 "redis to answer" stack_redis_ping
  export CLAUDE_MEM_REDIS_URL="redis://127.0.0.1:$STACK_REDIS_PORT"
}

stack_redis_ping() {
  local reply
  exec 3<>"/dev/tcp/127.0.0.1/$STACK_REDIS_PORT" || return 1
  printf 'PING\r\n' >&3
  read -r -t 2 reply <&3
  exec 3<&-
  [[ "$reply" == +PONG* ]]
}

stack_stop_process() { # stack_stop_process PID SIGNAL
  kill -"$2" "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  stack_forget "$1"
}

stack_restart_redis_clean() { stack_stop_process "$STACK_REDIS_PID" TERM; stack_start_redis; }
stack_restart_redis_killed() { stack_stop_process "$STACK_REDIS_PID" KILL; stack_start_redis; }

# The newest incremental file of the multi-part AOF (redis 7+, Valkey).
stack_redis_aof() { echo "$STACK_REDIS_DIR/appendonlydir/$(awk '$1 == "file" && $6 == "i" { f = $2 } END { print f }' "$STACK_REDIS_DIR/appendonlydir/appendonly.aof.manifest")"; }

# A host crash, not a process crash: SIGKILL alone loses nothing (acknowledged writes are in the page
# cache), a power cut loses the unsynced tail. Kill, cut the AOF back to a size it had up to a second
# ago (the argument), restart: Valkey forgets what it acknowledged since.
stack_crash_redis() {
  local mark=$1 aof
  aof=$(stack_redis_aof)
  stack_stop_process "$STACK_REDIS_PID" KILL
  truncate -s "$mark" "$aof"
  stack_start_redis
}

# --- the server, the workers ----------------------------------------------------------------------
stack_build() {
  STACK_CLI=${CLAUDE_MEM_CLI:-$PWD/src/ClaudeMem.Http/bin/Release/net10.0/claude-mem}
  if [ -z "${CLAUDE_MEM_CLI:-}" ]; then
    stack_log "building the server"
    dotnet build src/ClaudeMem.Http -c Release --nologo -v quiet >"$STACK_ROOT/build.log" 2>&1 || { cat "$STACK_ROOT/build.log" >&2; stack_fail "build failed"; }
  fi
  [ -x "$STACK_CLI" ] || stack_fail "no server binary at $STACK_CLI"
}

# Settings shared by the server and the workers: this stack's databases and queue prefix.
stack_env() {
  export CLAUDE_MEM_QUEUE_ENGINE=bullmq CLAUDE_MEM_QUEUE_PREFIX="$STACK_PREFIX" CLAUDE_MEM_AUTH_MODE=api-key
  # The Docker rules apply where /.dockerenv exists (CI runners, dev containers); they want this runtime name.
  export CLAUDE_MEM_RUNTIME=server-beta
  export HOME="$STACK_ROOT/home"
  mkdir -p "$HOME"
}

stack_cli() { "$STACK_CLI" "$@"; }

stack_start_server() {
  STACK_SERVER_PORT=${STACK_SERVER_PORT:-$(stack_free_port)}
  STACK_URL="http://127.0.0.1:$STACK_SERVER_PORT"
  CLAUDE_MEM_GENERATION_DISABLED=true CLAUDE_MEM_SERVER_HOST=127.0.0.1 CLAUDE_MEM_SERVER_PORT="$STACK_SERVER_PORT" \
    CLAUDE_MEM_PID_FILE="$STACK_ROOT/server.pid" \
    "$STACK_CLI" server start >>"$STACK_ROOT/server.log" 2>&1 &
  STACK_SERVER_PID=$!
  STACK_PIDS+=("$STACK_SERVER_PID")
  stack_wait 180 "the server to be ready" curl -fsS "$STACK_URL/api/readiness"
}

stack_restart_server() { stack_stop_process "$STACK_SERVER_PID" "$1"; stack_start_server; }

# Workers call the fake LLM through the openrouter provider; short locks bring a killed worker's
# jobs back within seconds. Tiered compilation off, as ops/docker-compose.yml runs workers.
STACK_WORKER_PIDS=()
stack_start_worker() { # stack_start_worker INDEX
  local i=$1
  CLAUDE_MEM_SERVER_PROVIDER=openrouter OPENROUTER_API_KEY=sk-or-fake CLAUDE_MEM_OPENROUTER_BASE_URL="$STACK_LLM_URL" \
    CLAUDE_MEM_PROVIDER_TIMEOUT_SECONDS=30 CLAUDE_MEM_WORKER_LOCK_MS=3000 CLAUDE_MEM_WORKER_STALLED_INTERVAL_MS=1500 \
    DOTNET_TieredCompilation=0 DOTNET_GCgen0size=0x400000 "$STACK_CLI" server worker start --concurrency 4 >>"$STACK_ROOT/worker-$i.log" 2>&1 &
  STACK_WORKER_PIDS[i]=$!
  STACK_PIDS+=("$!")
}

stack_restart_worker() { # stack_restart_worker INDEX SIGNAL
  stack_stop_process "${STACK_WORKER_PIDS[$1]}" "$2"
  stack_start_worker "$1"
}

stack_start_fake_llm() {
  local port
  port=$(stack_free_port)
  node tests/faults/fake-llm.mjs "$port" >>"$STACK_ROOT/fake-llm.log" 2>&1 &
  STACK_PIDS+=("$!")
  STACK_LLM_URL="http://127.0.0.1:$port"
  stack_wait 30 "the fake LLM" curl -fsS "$STACK_LLM_URL/health"
}

# stack_create_key NAME SCOPES: prints the raw key.
stack_start_all() { # stack_start_all WORKERS: build, then PostgreSQL, redis, the fake LLM, the server and WORKERS workers
  stack_build
  stack_start_postgres
  stack_start_redis
  stack_env
  stack_start_fake_llm
  stack_start_server
  local i
  for ((i = 1; i <= $1; i++)); do stack_start_worker "$i"; done
}

stack_create_key() {
  stack_cli server api-key create --name "$1" --scope "$2" --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).key))'
}

# How many jobs the server's sweeper pushed again because Valkey had lost them (from its log).
stack_redispatched() { grep -ho 're-dispatched [0-9]* jobs' "$STACK_ROOT"/server.log 2>/dev/null | awk '{ n += $2 } END { print n + 0 }'; }

# json EXPR: reads JSON on stdin, prints the value at a JavaScript path such as `.job.status` (node is a
# dependency already; jq may be missing).
json() { node -e 'const v = JSON.parse(require("fs").readFileSync(0, "utf8")); const r = Function("v", "return v" + process.argv[1])(v); console.log(typeof r === "object" ? JSON.stringify(r) : r)' "$1"; }
