// The client side of scripts/faults.sh and scripts/e2e.sh.
//   node client.mjs stream <url> <key> <project> <count> <run-id> <acks-file> <progress-file> [gate-file]
//     (with a gate file: never starts event n >= the number in it, so a fault script can hold the
//     stream until its next fault has landed and the stream cannot end before the last one)
//     posts <count> PostToolUse events with unique ids (bounded: it stops by itself), 4 at a time,
//     retrying an event (same id, so a replay is a no-op) while the server is down or answers 503/429;
//     appends each acknowledged (2xx) event to <acks-file> and the running count to <progress-file>.
//   node client.mjs verify <url> <key> <project> <acks-file>
//     waits until no job of the project is pending, then checks every acknowledged event against what
//     a fault-free run gives it: the fake LLM answers event `<id>` with exactly K observations `<id> #1..K`.
//     Prints one `claude-mem: ...` line per mismatch and exits 1 if there is any.
import fs from 'node:fs';

const [command, url, key, project, ...rest] = process.argv.slice(2);
const headers = { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const RETRY_FOR_MS = 300_000;

async function call(method, path, body) {
  const res = await fetch(url + path, { method, headers, body: body && JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { code: res.status, json, text };
}

/** Observations per event: 1..3, fixed by its number, so a lost or doubled job shows. */
const expectedCount = (n) => 1 + (n * 7) % 3;

async function stream([count, runId, acksFile, progressFile, gateFile]) {
  const total = Number(count);
  let next = 0, acked = 0, failedEvents = 0, serverErrors = 0, retries = 0;
  const acks = fs.openSync(acksFile, 'a');
  async function post(n) {
    const id = `${runId}-${n}`;
    const k = expectedCount(n);
    const body = {
      projectId: project, sourceType: 'hook', eventType: 'PostToolUse',
      occurredAtEpoch: Date.now(), sourceEventId: id,
      payload: { tool_name: 'Read', tool_input: { file_path: `faults/${id}/k${k}.ts` }, tool_response: { ok: true } },
    };
    const deadline = Date.now() + RETRY_FOR_MS;
    for (let attempt = 0; ; attempt++) {
      let reply;
      try {
        reply = await call('POST', '/v1/events', body);
      } catch (e) {
        reply = { code: 0, text: String(e.cause?.code ?? e.message) }; // connection refused/reset: the server is down
      }
      if (reply.code === 200 || reply.code === 201) {
        fs.writeSync(acks, JSON.stringify({ n, id, k, eventId: reply.json.event.id, jobId: reply.json.generationJob?.id, code: reply.code }) + '\n');
        acked++;
        return;
      }
      if (reply.code >= 500 && reply.code !== 503) {
        serverErrors++;
        console.error(`claude-mem: event ${id} answered ${reply.code}: ${reply.text.slice(0, 300)}`);
      }
      if (reply.code >= 400 && reply.code < 500 && reply.code !== 429 && reply.code !== 408) {
        console.error(`claude-mem: event ${id} refused with ${reply.code}: ${reply.text.slice(0, 300)}`);
        failedEvents++;
        return;
      }
      if (Date.now() > deadline) {
        console.error(`claude-mem: event ${id} not acknowledged after ${RETRY_FOR_MS / 1000} s (last: ${reply.code} ${reply.text.slice(0, 200)})`);
        failedEvents++;
        return;
      }
      retries++;
      await sleep(Math.min(2000, 100 * 2 ** Math.min(attempt, 5)));
    }
  }
  const started = Date.now();
  // Written aside and renamed, so a reader never sees a half-written number.
  const report = () => { fs.writeFileSync(progressFile + '.tmp', String(acked)); fs.renameSync(progressFile + '.tmp', progressFile); };
  const progress = setInterval(report, 100);
  const gate = () => { try { return Number(fs.readFileSync(gateFile, 'utf8')) || 0; } catch { return 0; } };
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (next < total) {
      while (gateFile && next >= gate()) await sleep(50);
      await post(next++);
    }
  }));
  clearInterval(progress);
  report();
  fs.closeSync(acks);
  console.log(`streamed ${total} events in ${((Date.now() - started) / 1000).toFixed(1)} s: ${acked} acknowledged, ${failedEvents} not, ${retries} retries, ${serverErrors} answers 5xx other than 503`);
  process.exit(failedEvents + serverErrors > 0 ? 1 : 0);
}

async function jobTotal(status) {
  const reply = await call('GET', `/v1/jobs?projectId=${encodeURIComponent(project)}&status=${status}&limit=1`);
  if (reply.code !== 200) throw new Error(`GET /v1/jobs answered ${reply.code}: ${reply.text.slice(0, 200)}`);
  return reply.json.total;
}

async function verify([acksFile, waitSeconds = '300']) {
  const acks = new Map();
  for (const line of fs.readFileSync(acksFile, 'utf8').split('\n').filter(Boolean)) {
    const ack = JSON.parse(line);
    acks.set(ack.id, ack); // an event acknowledged twice (a replay) counts once
  }
  const problems = [];
  const problem = (text) => { problems.push(text); console.error(`claude-mem: ${text}`); };

  // Pending = queued, active or retrying (the sweeper re-pushes lost jobs after 2 sweep intervals).
  const deadline = Date.now() + Number(waitSeconds) * 1000;
  let pending;
  for (;;) {
    pending = {};
    for (const s of ['queued', 'active', 'retrying']) pending[s] = await jobTotal(s);
    if (Object.values(pending).every((n) => n === 0) || Date.now() > deadline) break;
    await sleep(1000);
  }
  for (const [s, n] of Object.entries(pending)) if (n > 0) problem(`${n} jobs still ${s} after ${waitSeconds} s`);
  for (const s of ['failed', 'cancelled']) { const n = await jobTotal(s); if (n > 0) problem(`${n} jobs ${s}`); }
  const completed = await jobTotal('completed');
  if (completed !== acks.size) problem(`${completed} jobs completed for ${acks.size} acknowledged events`);

  // Valkey: nothing waiting, running, delayed or failed in any queue.
  const health = await call('GET', '/api/health');
  const counts = health.json?.queue?.health?.counts;
  if (!counts) problem(`/api/health gave no queue counts: ${health.code} ${health.text.slice(0, 200)}`);
  else for (const [queue, byState] of Object.entries(counts))
    for (const [state, n] of Object.entries(byState))
      if (state !== 'completed' && n > 0) problem(`Valkey queue ${queue} has ${n} ${state} jobs`);

  // Every acknowledged event: exactly its K observations, each once.
  let checked = 0, observations = 0, expectedTotal = 0;
  const list = [...acks.values()];
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (list.length > 0) {
      const ack = list.pop();
      expectedTotal += ack.k;
      const reply = await call('GET', `/v1/events/${ack.eventId}/observations`);
      if (reply.code !== 200) { problem(`event ${ack.id}: GET observations answered ${reply.code}`); continue; }
      const titles = reply.json.observations.map((o) => o.title).sort();
      const expected = Array.from({ length: ack.k }, (_, i) => `${ack.id} #${i + 1}`).sort();
      observations += titles.length;
      if (JSON.stringify(titles) !== JSON.stringify(expected))
        problem(`event ${ack.id}: observations [${titles.join(', ')}], a fault-free run gives [${expected.join(', ')}]`);
      checked++;
    }
  }));
  console.log(`verified ${checked} acknowledged events: ${observations} observations (fault-free: ${expectedTotal}), ` +
    `${completed} jobs completed, ${problems.length} problems`);
  process.exit(problems.length > 0 ? 1 : 0);
}

if (command === 'stream') await stream(rest);
else if (command === 'verify') await verify(rest);
else { console.error('claude-mem: usage: client.mjs stream|verify ...'); process.exit(2); }
