// The caller's live sandboxes: each one's template and expiry, which one is this chat's, Extend and Kill.
// Shown as its own screen and inside the Chat's result pane when the sandbox limit refuses a run.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { Busy, ErrorBox, Panel, useAction } from '../components/ui';
import { chatSandbox, extendSandbox, killSandbox, LIFE_SECONDS, SandboxView } from '../sandboxes';

function remaining(expiresAt: string): string {
  const s = Math.max(0, Math.round((new Date(expiresAt).getTime() - Date.now()) / 1000));
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

export function SandboxList({ onChange }: { onChange?: () => void }) {
  const [list, setList] = useState<SandboxView[] | null>(null);
  const { busy, error, run } = useAction();
  const load = () => run('Loading sandboxes…', async () => setList((await api<{ sandboxes: SandboxView[] }>('/api/sandbox')).sandboxes));
  useEffect(() => { load(); }, []);
  const mine = chatSandbox();
  async function act(label: string, action: () => Promise<unknown>) {
    await run(label, action);
    await load();
    onChange?.();
  }
  return (
    <div class="stack" id="sandbox-list">
      <div class="row">
        <button type="button" onClick={load}>Refresh</button>
        {busy && <Busy label={busy} />}
      </div>
      <ErrorBox error={error} />
      {list && list.length === 0 && <p class="muted">No live sandboxes.</p>}
      {list && list.length > 0 && (
        <table class="sandboxes">
          <caption class="sr-only">Your live sandboxes</caption>
          <thead><tr><th scope="col">Sandbox</th><th scope="col">Template</th><th scope="col">Ends in</th><th scope="col">Actions</th></tr></thead>
          <tbody>
            {list.map((s) => (
              <tr key={s.sbxId} data-sbx={s.sbxId}>
                <td><code>{s.sbxId}</code>{s.sbxId === mine && <> (this chat)</>}</td>
                <td>{s.template}</td>
                <td><time dateTime={s.expiresAt} title={new Date(s.expiresAt).toLocaleString()}>{remaining(s.expiresAt)}</time></td>
                <td class="row">
                  <button type="button" class="extend" onClick={() => act('Extending…', () => extendSandbox(s.sbxId, LIFE_SECONDS))}>Extend to 10 min</button>
                  <button type="button" class="danger kill" onClick={() => act('Killing…', () => killSandbox(s.sbxId))}>Kill</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function SandboxesScreen() {
  return (
    <div class="page">
      <Panel title="Sandboxes">
        <p class="hint">Each chat runs in one sandbox, reused for every run; a new chat or closing the tab ends it.
          A sandbox ends by itself when its time is up.</p>
        <SandboxList />
      </Panel>
    </div>
  );
}
