// A deterministic LLM for the fault and end-to-end scripts, speaking the OpenAI chat completions wire
// format (what the openrouter provider calls). An event whose payload names `faults/<id>/k<K>.ts`
// gets exactly K observations titled `<id> #1..K`; anything else gets one. It answers after a short
// pause so that jobs are in flight when the scripts kill workers.
import http from 'node:http';

const port = Number(process.argv[2]);
const host = process.argv[3] ?? '127.0.0.1'; // 0.0.0.0 in the compose form of scripts/e2e.sh
let requests = 0;

function observations(prompt) {
  const m = /faults\/([A-Za-z0-9_.-]+)\/k(\d)\.ts/.exec(prompt);
  const id = m ? m[1] : 'other';
  const count = m ? Number(m[2]) : 1;
  let text = 'Here is what happened.\n';
  for (let i = 1; i <= count; i++) {
    text += `<observation><type>discovery</type><title>${id} #${i}</title>` +
      `<narrative>Observation ${i} of ${count} for ${id}.</narrative>` +
      `<files_read><file>faults/${id}.ts</file></files_read></observation>\n`;
  }
  return text;
}

http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') { res.end('ok'); return; }
  if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) { res.statusCode = 404; res.end(); return; }
  let body = '';
  req.on('data', (d) => { body += d; });
  req.on('end', () => {
    requests++;
    const prompt = JSON.parse(body).messages.map((m) => m.content).join('\n');
    const answer = {
      id: `chatcmpl-${requests}`, object: 'chat.completion', model: 'fake-model',
      choices: [{ index: 0, message: { role: 'assistant', content: observations(prompt) }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 },
    };
    setTimeout(() => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(answer));
    }, 20 + Math.floor(Math.random() * 60));
  });
}).listen(port, host, () => console.log(`fake LLM on ${host}:${port}`));
