// The caller's live sandboxes: each one's state, template and expiry, which one is this chat's, Pause/Resume,
// Extend and Kill.
// Shown as its own screen and inside the Chat's result pane when the sandbox limit refuses a run.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { Busy, ErrorBox, Panel, useAction } from '../components/ui';
import { chatSandbox, extendSandbox, killSandbox, LIFE_SECONDS, pauseSandbox, resumeSandbox, SandboxView } from '../sandboxes';

function remaining(expiresAt: string): string {
  const s = Math.max(0, Math.round((new Date(expiresAt).getTime() - Date.now()) / 1000));
  if (s >= 86400) return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
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
      {list && list.length === 0 && <p class="muted">No sandboxes.</p>}
      {list && list.length > 0 && (
        // scrolls sideways inside a narrow panel (the Chat's result) instead of widening the page
        <div class="table-scroll">
          <table class="sandboxes">
            <caption class="sr-only">Your sandboxes, running and paused</caption>
            <thead><tr><th scope="col">Sandbox</th><th scope="col">Template</th><th scope="col">State</th><th scope="col">Ends in</th><th scope="col">Actions</th></tr></thead>
            <tbody>
              {list.map((s) => (
                <tr key={s.sbxId} data-sbx={s.sbxId}>
                  <td><code>{s.sbxId}</code>{s.sbxId === mine && <> (this chat)</>}</td>
                  <td>{s.template}</td>
                  <td class="state">{s.state === 'paused'
                    ? <>paused <span class="muted">({megabytes(s.diskBytes)} on disk)</span>
                      {s.pauseReason && <><br /><small class="muted pause-reason">{s.pauseReason}</small></>}</>
                    : s.state}</td>
                  <td><time dateTime={s.expiresAt} title={new Date(s.expiresAt).toLocaleString()}>
                    {s.state === 'paused' ? `deleted in ${remaining(s.expiresAt)}` : remaining(s.expiresAt)}</time></td>
                  <td><div class="row">
                    {s.state === 'paused'
                      ? <button type="button" class="resume" onClick={() => act('Resuming…', () => resumeSandbox(s.sbxId))}>Resume</button>
                      : <>
                        <button type="button" class="pause" title="Keeps its files, not its interpreter variables"
                          onClick={() => act('Pausing…', () => pauseSandbox(s.sbxId))}>Pause</button>
                        <button type="button" class="extend" onClick={() => act('Extending…', () => extendSandbox(s.sbxId, LIFE_SECONDS))}>Extend to 10 min</button>
                      </>}
                    <button type="button" class="danger kill" onClick={() => act('Killing…', () => killSandbox(s.sbxId))}>Kill</button>
                  </div></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function SandboxesScreen() {
  return (
    <div class="page">
      <Panel title="Sandboxes">
        <p class="hint">Each chat runs in one sandbox, reused for every run; a new chat or closing the tab ends it.
          When its time is up a sandbox pauses: its files are kept on the server (interpreter variables are not) and
          using it again, or Resume, brings it back; a paused sandbox is deleted after some days.</p>
        <SandboxList />
      </Panel>
    </div>
  );
}
