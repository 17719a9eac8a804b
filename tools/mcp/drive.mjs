// Drives an MCP server with the official TypeScript SDK client, for the C# tests.
// Usage: node drive.mjs '<json>' where json = {transport: "stdio", command, args, env, cwd}
//   or {transport: "http", url, key}, plus steps: [{op: "list"} | {op: "call", name, arguments}].
// Prints one JSON object: {instructions, serverName, results: [...]}, each step's result or {error, code}.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const spec = JSON.parse(process.argv[2]);
const transport = spec.transport === 'stdio'
  ? new StdioClientTransport({ command: spec.command, args: spec.args, env: spec.env, cwd: spec.cwd, stderr: 'pipe' })
  : new StreamableHTTPClientTransport(new URL(spec.url), {
      requestInit: { headers: spec.key ? { Authorization: `Bearer ${spec.key}` } : {} },
    });

let stderr = '';
if (spec.transport === 'stdio') transport.stderr?.on('data', chunk => { stderr += chunk; });

const client = new Client({ name: 'claude-mem-tests', version: '1.0.0' });
const output = { results: [] };
try {
  await client.connect(transport);
  output.instructions = client.getInstructions();
  output.serverName = client.getServerVersion()?.name;
  for (const step of spec.steps ?? []) {
    try {
      if (step.op === 'list') output.results.push(await client.listTools());
      else output.results.push(await client.callTool({ name: step.name, arguments: step.arguments ?? {} }));
    } catch (e) {
      output.results.push({ error: String(e.message ?? e), code: e.code ?? null });
    }
  }
} catch (e) {
  output.connectError = String(e.message ?? e);
  output.code = e.code ?? null;
} finally {
  output.stderr = stderr;
  await client.close().catch(() => {});
}
process.stdout.write(JSON.stringify(output));
