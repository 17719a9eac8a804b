// The Node side of the .NET queue's interop tests: real bullmq + ioredis driven from the command line.
//   node interop.js <command> '<json options>'
// Results are printed as "RESULT <json>" lines, worker activity as "EVENT <json>" lines.
'use strict';
const { Queue, Worker, QueueEvents, UnrecoverableError } = require('bullmq');

const [command, rawOptions] = process.argv.slice(2);
const options = JSON.parse(rawOptions || '{}');
const connection = { host: '127.0.0.1', port: options.port, maxRetriesPerRequest: null };
const queueOptions = { connection, prefix: options.prefix || 'bull' };

const print = (kind, value) => process.stdout.write(`${kind} ${JSON.stringify(value)}\n`);
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

// What a job does is chosen by its name, so both sides can run the same scenarios.
async function runJob(job) {
  const data = job.data || {};
  switch (job.name) {
    case 'ok': return { echo: data };
    case 'nothing': return undefined;
    case 'fail': throw new Error(data.message || 'failed on purpose');
    case 'unrecoverable': throw new UnrecoverableError(data.message || 'unrecoverable on purpose');
    case 'sleep': await sleep(data.ms); return { slept: data.ms };
    case 'hang': await new Promise(() => {}); return null;
    default: throw new Error(`unknown job name ${job.name}`);
  }
}

const commands = {
  // { jobs: [{name, data, opts}] } -> ids in order
  async add() {
    const queue = new Queue(options.queue, queueOptions);
    const ids = [];
    for (const job of options.jobs) ids.push((await queue.add(job.name, job.data, job.opts)).id);
    print('RESULT', ids);
    await queue.close();
  },

  // { warmUp, count, window } -> seconds taken to add `count` no-op jobs with `window` adds in flight,
  // and this process's CPU meanwhile (microseconds, user + system)
  async benchAdd() {
    const queue = new Queue(options.queue, queueOptions);
    await queue.waitUntilReady();
    const addMany = async total => {
      let next = 0;
      const lane = async () => { while (next < total) { next++; await queue.add('noop', { n: next }, { removeOnComplete: true }); } };
      await Promise.all(Array.from({ length: options.window || 1 }, lane));
    };
    await addMany(options.warmUp || 0);
    const started = process.hrtime.bigint();
    const startedCpu = process.cpuUsage();
    await addMany(options.count);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(startedCpu);
    print('RESULT', { count: options.count, seconds, cpuMicroseconds: cpu.user + cpu.system });
    await queue.close();
  },

  async counts() {
    const queue = new Queue(options.queue, queueOptions);
    print('RESULT', await queue.getJobCounts());
    await queue.close();
  },

  // { id } -> the job as Node reads it, and its state
  async get() {
    const queue = new Queue(options.queue, queueOptions);
    const job = await queue.getJob(options.id);
    print('RESULT', job ? { ...job.asJSON(), state: await job.getState(), returnvalueParsed: job.returnvalue } : null);
    await queue.close();
  },

  // { concurrency, lockDuration, stalledInterval, maxStalledCount, handler } -> runs until SIGTERM.
  // handler 'rescue' completes every job at once (to pick up jobs another worker left behind).
  async worker() {
    const handler = options.handler === 'rescue' ? async () => ({ rescued: true }) : runJob;
    const worker = new Worker(options.queue, handler, {
      ...queueOptions,
      concurrency: options.concurrency || 1,
      lockDuration: options.lockDuration || 30000,
      stalledInterval: options.stalledInterval || 30000,
      maxStalledCount: options.maxStalledCount ?? 1,
      drainDelay: options.drainDelay || 5,
      autorun: false,
    });
    worker.on('active', job => print('EVENT', { event: 'active', id: job.id }));
    worker.on('completed', (job, result) => print('EVENT', { event: 'completed', id: job.id, result }));
    worker.on('failed', (job, err) => print('EVENT', { event: 'failed', id: job && job.id, reason: err.message }));
    worker.on('error', err => print('EVENT', { event: 'error', reason: err.message }));
    worker.on('stalled', id => print('EVENT', { event: 'stalled', id }));
    process.on('SIGTERM', async () => { await worker.close(); process.exit(0); });
    worker.run();
    await worker.waitUntilReady();
    print('EVENT', { event: 'ready' });
  },

  // { warmUp, count, concurrency } -> seconds a Node worker takes for `count` pre-added no-op jobs
  // after finishing `warmUp` of them, and this process's CPU meanwhile (microseconds, user + system)
  async benchWork() {
    const warmUp = options.warmUp || 0;
    let done = 0;
    let started;
    let startedCpu = process.cpuUsage();
    let cpu;
    let finish;
    const finished = new Promise(resolve => (finish = resolve));
    const worker = new Worker(options.queue, async () => null, { ...queueOptions, concurrency: options.concurrency, autorun: false });
    worker.on('completed', () => {
      done++;
      if (done === warmUp) { started = process.hrtime.bigint(); startedCpu = process.cpuUsage(); }
      if (done === warmUp + options.count) { cpu = process.cpuUsage(startedCpu); finish(process.hrtime.bigint()); }
    });
    await worker.waitUntilReady();
    if (warmUp === 0) started = process.hrtime.bigint();
    worker.run();
    const ended = await finished;
    const seconds = Number(ended - started) / 1e9;
    await worker.close();
    print('RESULT', { count: options.count, seconds, cpuMicroseconds: cpu.user + cpu.system });
  },

  // { count } -> the first `count` events Node's QueueEvents reads from the start of the stream
  async events() {
    const events = new QueueEvents(options.queue, { ...queueOptions, lastEventId: '0' });
    const seen = [];
    const done = new Promise(resolve => {
      for (const name of ['added', 'waiting', 'active', 'completed', 'failed', 'delayed', 'retries-exhausted', 'stalled', 'duplicated', 'drained']) {
        events.on(name, args => {
          seen.push({ event: name, jobId: args && args.jobId, returnvalue: args && args.returnvalue, failedReason: args && args.failedReason });
          if (seen.length >= options.count) resolve();
        });
      }
    });
    await events.waitUntilReady();
    await Promise.race([done, sleep(options.timeoutMs || 20000)]);
    print('RESULT', seen);
    await events.close();
  },
};

const run = commands[command];
if (!run) {
  console.error(`unknown command ${command}; one of ${Object.keys(commands).join(', ')}`);
  process.exit(2);
}
run().then(
  () => { if (command !== 'worker') process.exit(0); },
  err => { console.error(err && err.stack || err); process.exit(1); });
