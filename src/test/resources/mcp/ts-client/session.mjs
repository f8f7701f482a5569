// One whole MCP session with the official TypeScript SDK against CodingIT's /mcp (McpTypeScriptClientTest).
// Usage: node session.mjs <server base URL>, the bearer token in CODINGIT_TOKEN. Prints one JSON object.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

const base = process.argv[2];
const token = process.env.CODINGIT_TOKEN;
const transport = new StreamableHTTPClientTransport(new URL('/mcp', base), {
  requestInit: { headers: { Authorization: `Bearer ${token}` } },
});
const client = new Client({ name: 'codingit-ts-test', version: '1.0.0' });
const out = {};

await client.connect(transport);
out.protocolVersion = transport.protocolVersion ?? null;
out.sessionId = transport.sessionId ?? null;
out.tools = (await client.listTools()).tools.map((t) => t.name);

const created = await client.callTool({ name: 'create_sandbox', arguments: {} });
const sandbox = created.structuredContent.sandboxId;
out.sandboxCreated = Boolean(sandbox);

const progress = [];
const chart = await client.callTool({
  name: 'run_code',
  arguments: {
    sandbox,
    code: "import matplotlib.pyplot as plt\nprint('plotting')\nplt.plot([1, 2, 3])\nplt.show()\n1 + 1",
  },
}, undefined, { onprogress: (p) => progress.push(p.message ?? '') });
out.chartImages = chart.content.filter((c) => c.type === 'image' && c.mimeType === 'image/png').length;
out.chartMainResult = chart.structuredContent.results.find((r) => r.isMainResult)?.text ?? null;
out.runCodeProgress = progress;

await client.callTool({ name: 'write_file', arguments: { sandbox, path: 'notes.txt', content: 'hello from ts' } });
const read = await client.callTool({ name: 'read_file', arguments: { sandbox, path: '/home/user/notes.txt' } });
out.fileRoundTrip = read.structuredContent.content;

const edit = await client.callTool({
  name: 'apply_edit',
  arguments: { code: 'def f():\n    return 1\n', update: 'def f():\n    return 2\n', instruction: 'Return 2' },
});
out.editDiff = edit.structuredContent.diff;
out.editMerged = edit.structuredContent.merged;

await client.callTool({ name: 'workspace_write_file', arguments: { path: 'docs/readme.md', content: '# ts' } });
out.resources = (await client.listResources()).resources.map((r) => r.uri);
const resource = await client.readResource({ uri: 'file:///docs/readme.md' });
out.resourceText = resource.contents[0].text;

// subscribe, change the file through a tool, wait for notifications/resources/updated on the GET stream
const updated = [];
client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => { updated.push(n.params.uri); });
await client.subscribeResource({ uri: 'file:///docs/readme.md' });
await client.callTool({ name: 'workspace_write_file', arguments: { path: 'docs/readme.md', content: '# changed' } });
for (let i = 0; i < 50 && updated.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
out.resourceUpdates = updated;

// progress while a command runs, then cancellation: the command (and its sleep) must be gone
const abort = new AbortController();
const commandProgress = [];
let cancelled = null;
try {
  await client.callTool({ name: 'run_command', arguments: { sandbox, command: 'sleep 30; echo finished' } },
    undefined, {
      signal: abort.signal,
      onprogress: (p) => { commandProgress.push(p.message ?? ''); abort.abort('enough'); },
    });
  cancelled = false;
} catch (e) {
  cancelled = true;
}
out.commandProgress = commandProgress;
out.cancelled = cancelled;
await new Promise((r) => setTimeout(r, 1000));
const sleeping = await client.callTool({ name: 'run_command', arguments: { sandbox, command: 'pgrep -fc "sleep 3[0]" || true' } });
out.sleepersAfterCancel = sleeping.structuredContent.stdout.trim();

try {
  await client.callTool({ name: 'run_command', arguments: { sandbox, command: 42 } });
  out.badArgument = 'no error';
} catch (e) {
  out.badArgument = String(e.message);
}

await client.callTool({ name: 'kill_sandbox', arguments: { sandbox } });
await transport.terminateSession();
await client.close();
console.log(JSON.stringify(out));
