#!/usr/bin/env python3
"""Process start to first answered request, as bench/ingest measures it (GET /api/readiness polled every 20 ms until
200, PostgreSQL and redis already up), repeated N times on a throwaway PostgreSQL cluster and redis-server.

Two kinds of start per round: 'fresh' on an empty database (the server creates its schema; bench/ingest's case) and
'restart' on the database the fresh start left behind (what an operator's restart or upgrade-less redeploy sees).
Prints every start and the medians; with --log, the first fresh start's output (for a phase timeline)."""
import argparse, glob, http.client, os, shutil, signal, socket, statistics, subprocess, sys, tempfile, time

POLL_SECONDS = 0.020


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres(args, **kw):
    return ["runuser", "-u", "postgres", "--"] + args if os.geteuid() == 0 else args


def pg_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"))
    if not found: sys.exit("PostgreSQL binaries not found under /usr/lib/postgresql")
    return os.path.dirname(found[-1])


def cpu_seconds(pid):
    """User + system CPU of the process so far (/proc/PID/stat): what start-up costs, whatever else the machine runs."""
    with open(f"/proc/{pid}/stat") as f: fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_ready(proc, port, timeout):
    start = time.monotonic()
    while True:
        if proc.poll() is not None: return None
        if time.monotonic() - start > timeout: return None
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/api/readiness")
            status = c.getresponse().status
            c.close()
            if status == 200: return time.monotonic()
        except OSError:
            pass
        time.sleep(POLL_SECONDS)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--starts", type=int, default=5)
    ap.add_argument("--fsync-off", action="store_true", help="PostgreSQL without fsync (the default is durable, as bench/ingest --side-by-side)")
    ap.add_argument("--log", help="write the first fresh start's output here")
    ap.add_argument("--env", action="append", default=[], help="NAME=VALUE set for the server (e.g. a log level)")
    ap.add_argument("--output", default="bench/results/startup.md", help="the results file ('' writes none)")
    a = ap.parse_args()

    work = tempfile.mkdtemp(prefix="cm-startup-")
    os.chmod(work, 0o777)
    data = os.path.join(work, "pg")
    os.mkdir(data)
    if os.geteuid() == 0: shutil.chown(data, "postgres")
    b = pg_bin()
    subprocess.run(as_postgres([f"{b}/initdb", "-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]),
                   check=True, stdout=subprocess.DEVNULL)
    pg_port, redis_port = free_port(), free_port()
    extra = ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] if a.fsync_off else []
    pg = subprocess.Popen(as_postgres([f"{b}/postgres", "-D", data, "-p", str(pg_port), "-k", data,
                                       "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300"] + extra),
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    redis = subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                              "--dir", work], stdout=subprocess.DEVNULL)
    psql = lambda sql: subprocess.run([f"{b}/psql", "-h", "127.0.0.1", "-p", str(pg_port), "-U", "postgres", "-qAtc", sql],
                                      check=True, capture_output=True, text=True).stdout
    for _ in range(100):
        try: psql("select 1"); break
        except subprocess.CalledProcessError: time.sleep(0.1)

    results = {"fresh": [], "restart": []}
    cpu = {"fresh": [], "restart": []}
    load_start = os.getloadavg()
    try:
        for i in range(a.starts):
            db = f"startup_{i}"
            psql(f"create database {db}")
            for kind in ("fresh", "restart"):
                port = free_port()
                env = dict(os.environ,
                           CLAUDE_MEM_SERVER_DATABASE_URL=f"Host=127.0.0.1;Port={pg_port};Username=postgres;Database={db}",
                           CLAUDE_MEM_SERVER_HOST="127.0.0.1", CLAUDE_MEM_SERVER_PORT=str(port),
                           CLAUDE_MEM_PID_FILE=os.path.join(work, f"server-{i}-{kind}.pid"),
                           CLAUDE_MEM_RUNTIME="server-beta", CLAUDE_MEM_QUEUE_ENGINE="bullmq",
                           CLAUDE_MEM_REDIS_URL=f"redis://127.0.0.1:{redis_port}", CLAUDE_MEM_QUEUE_REDIS_PREFIX=f"startup{i}",
                           CLAUDE_MEM_SERVER_PROVIDER="offline", CLAUDE_MEM_AUTH_MODE="api-key",
                           DOTNET_ENVIRONMENT="Production", ASPNETCORE_ENVIRONMENT="Production")
                for pair in a.env:
                    k, v = pair.split("=", 1); env[k] = v
                log_path = os.path.join(work, f"server-{i}-{kind}.log")
                with open(log_path, "w") as log:
                    started = time.monotonic()
                    proc = subprocess.Popen([a.server, "server", "start"], env=env, stdout=log, stderr=subprocess.STDOUT)
                    ready = wait_ready(proc, port, 120)
                    cpu_used = cpu_seconds(proc.pid) if ready is not None else 0.0
                    proc.send_signal(signal.SIGTERM)
                    try: proc.wait(30)
                    except subprocess.TimeoutExpired: proc.kill(); proc.wait()
                if ready is None:
                    sys.exit(f"server did not become ready ({kind} start {i}):\n" + open(log_path).read()[-4000:])
                seconds = ready - started
                results[kind].append(seconds)
                cpu[kind].append(cpu_used)
                print(f"start {i + 1}/{a.starts} {kind:7s} {seconds:.3f} s (server CPU {cpu_used:.2f} s)", flush=True)
                if a.log and i == 0 and kind == "fresh": shutil.copy(log_path, a.log)
    finally:
        for p in (redis,):
            p.terminate(); p.wait()
        # runuser does not pass signals on: stop the postmaster itself (first line of postmaster.pid).
        with open(os.path.join(data, "postmaster.pid")) as f: os.kill(int(f.readline()), signal.SIGINT)
        pg.wait()
        shutil.rmtree(work, ignore_errors=True)
    load_end = os.getloadavg()
    server = os.path.relpath(a.server) if os.path.abspath(a.server).startswith(os.getcwd() + os.sep) else a.server
    summary = [f"server: {server}; PostgreSQL {'fsync off' if a.fsync_off else 'durable'}; {a.starts} rounds",
               "load average (1/5/15 min) at start: %.2f %.2f %.2f, at end: %.2f %.2f %.2f (2 cores)" % (load_start + load_end)]
    summary += [f"median {kind:7s} {statistics.median(values):.3f} s  (min {min(values):.3f}, max {max(values):.3f});"
                f" server CPU to ready: median {statistics.median(cpu[kind]):.2f} s" for kind, values in results.items()]
    print("\n".join(summary))
    if a.output: write_results(a, results, cpu, summary)


def write_results(a, results, cpu, summary):
    commit = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True).stdout.strip() or "unknown"
    if subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip():
        commit += " with uncommitted changes"
    lines = ["# Start-up benchmark: process start to the first answered request", "",
             "Generated by `bench/startup/run.sh`; do not edit by hand.", "",
             f"- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit {commit}",
             f"- {summary[0]}", f"- {summary[1]}",
             "- each start: the server process is started, `GET /api/readiness` is polled every 20 ms until it answers 200;"
             " 'fresh' on an empty database (the schema is created), 'restart' on the database the fresh start left.",
             "- goal (issue 11): first request served <= 1 s after process start.",
             "- this bench starts our server only; the TypeScript server's start is measured beside ours, in one run, by"
             " `bench/ingest/run.sh --side-by-side` (`ingest-side-by-side.md`, 'process start to first answered request').", "",
             "| start | median s | min s | max s | server CPU to ready, median s | <= 1 s |", "|---|---:|---:|---:|---:|---|"]
    for kind, values in results.items():
        median = statistics.median(values)
        lines.append(f"| {kind} | {median:.3f} | {min(values):.3f} | {max(values):.3f} | {statistics.median(cpu[kind]):.2f} |"
                     f" {'met' if median <= 1.0 else 'NOT met'} |")
    lines += ["", "Every start, in order (s):", ""]
    lines += [f"- {kind}: " + ", ".join(f"{v:.3f}" for v in values) for kind, values in results.items()]
    os.makedirs(os.path.dirname(a.output) or ".", exist_ok=True)
    with open(a.output, "w") as f: f.write("\n".join(lines) + "\n")
    print(f"wrote {a.output}")


if __name__ == "__main__":
    main()
