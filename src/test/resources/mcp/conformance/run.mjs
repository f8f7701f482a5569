// Runs the conformance suite's server scenarios against the URL given and prints one JSON line:
// {"scenarios": {"<name>": {"passed": n, "failed": m}}, "output": "..."}. The CLI exits 1 when any
// scenario fails; that is expected here (the test decides which scenarios must pass), so its exit code
// is not ours. It writes results/ under its working directory, a fresh temporary one.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
const work = mkdtempSync(join(tmpdir(), 'codingit-conformance-'));
try {
  const run = spawnSync(process.execPath, [cli, 'server', '--url', process.argv[2]],
    { cwd: work, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  const output = (run.stdout ?? '') + (run.stderr ?? '');
  const summary = output.slice(output.lastIndexOf('=== SUMMARY ==='));
  const scenarios = {};
  for (const match of summary.matchAll(/^[✓✗] (\S+): (\d+) passed, (\d+) failed/gmu)) {
    scenarios[match[1]] = { passed: Number(match[2]), failed: Number(match[3]) };
  }
  console.log(JSON.stringify({ scenarios, output: Object.keys(scenarios).length ? '' : output }));
} finally {
  rmSync(work, { recursive: true, force: true });
}
