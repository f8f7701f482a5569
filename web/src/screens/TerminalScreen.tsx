import { useEffect, useState } from 'preact/hooks';
import { api, RunResult } from '../api';
import { chatSandbox, killSandbox, SandboxView } from '../sandboxes';
import { XTerm } from '../components/lazy';
import { Busy, ErrorBox, Panel, useAction } from '../components/ui';
import type { Workbench } from '../main';

/**
 * Lists the caller's live sandboxes; can start an empty code-interpreter one. Without a choice it
 * takes the current chat's sandbox, else the newest.
 */
export function SandboxPicker({ value, onChange }: { value: string | null; onChange: (id: string | null) => void }) {
  const [list, setList] = useState<SandboxView[]>([]);
  const { busy, error, run } = useAction();
  const load = () => run('Loading sandboxes…', async () => {
    const r = await api<{ sandboxes: SandboxView[] }>('/api/sandbox');
    setList(r.sandboxes);
    const live = (id: string | null) => id != null && r.sandboxes.some((s) => s.sbxId === id);
    if (!live(value)) {
      const chat = chatSandbox();
      onChange(live(chat) ? chat : r.sandboxes[r.sandboxes.length - 1]?.sbxId ?? null);
    }
  });
  useEffect(() => { load(); }, []);
  async function start() {
    const r = await run('Starting a sandbox…', () =>
      api<RunResult>('/api/sandbox', { method: 'POST', body: { fragment: { template: 'code-interpreter-v1', code: '' } } }));
    if (r) { onChange(r.sbxId); load(); }
  }
  return (
    <div class="row">
      <label for="sandbox-pick">Sandbox</label>
      <select id="sandbox-pick" value={value ?? ''} onChange={(e) => onChange((e.target as HTMLSelectElement).value || null)}>
        {list.length === 0 && <option value="">no live sandbox</option>}
        {list.map((s) => <option key={s.sbxId} value={s.sbxId}>{s.sbxId}{s.sbxId === chatSandbox() ? ' (this chat)' : ''} · {s.template} · until {new Date(s.expiresAt).toLocaleTimeString()}</option>)}
      </select>
      <button type="button" onClick={load}>Refresh</button>
      <button type="button" id="sandbox-new" onClick={start} disabled={!!busy}>New sandbox</button>
      {value && <button type="button" class="danger" onClick={() => run('Killing…', () => killSandbox(value)).then(() => { onChange(null); load(); })}>Kill it</button>}
      {busy && <Busy label={busy} />}
      <ErrorBox error={error} />
    </div>
  );
}

export function TerminalScreen({ bench }: { bench: Workbench }) {
  const [sbxId, setSbxId] = useState<string | null>(chatSandbox() ?? bench.result?.sbxId ?? null);
  return (
    <div class="page">
      <Panel title="Terminal">
        <SandboxPicker value={sbxId} onChange={setSbxId} />
        <p class="hint">A shell in the sandbox's <code>/home/user</code>. Closing this screen ends the shell.</p>
        {sbxId ? <XTerm key={sbxId} sbxId={sbxId} /> : <p class="muted">Run a fragment or start a sandbox first.</p>}
      </Panel>
    </div>
  );
}
