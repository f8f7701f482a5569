// Tasks (issue 9): create on a repository, follow the log live over SSE (EventSource resumes with
// Last-Event-ID by itself), cancel, open the pull request, delete finished ones. Events (docs/tasks.md
// on the tasks branches): `log` (a log line), `task` (status, progress, branch...), `end` ({id, status}).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, modelSettings } from '../api';
import { Busy, ErrorBox, Panel, useAction } from '../components/ui';
import { fmt } from './Account';

interface LogLine { id?: string | number; timestamp?: string; type: string; message: string }
interface Task {
  id: string; status: string; progress: number; prompt: string; repo_url?: string | null; selected_agent?: string | null;
  selected_model?: string | null; branch_name?: string | null; pull_request_url?: string | null; sandbox_url?: string | null; error?: string | null;
  logs?: LogLine[]; created_at?: string; updated_at?: string; finished_at?: string | null;
}

/** GET /api/tasks/agents: which agents can run on this server, and why the others cannot. */
interface Agent { id: string; available: boolean; reason?: string | null }
const FINISHED = new Set(['completed', 'error', 'cancelled']);
const FAILED = new Set(['error', 'cancelled']);
let knownAgents: Agent[] = [];

export function TasksScreen() {
  const [tasks, setTasks] = useState<Task[]>([]);
  const [openId, setOpenId] = useState<string | null>(null);
  const initialRepo = new URLSearchParams(location.hash.split('?')[1] ?? '').get('repo') ?? '';
  // the key and base URL are the Chat's (the same tab settings), so a key typed in either screen serves both
  const [form, setForm] = useState({ prompt: '', repoUrl: initialRepo, agent: 'codingit', model: '',
    apiKey: modelSettings.apiKey(), baseURL: modelSettings.baseURL() });
  const [agents, setAgents] = useState<Agent[]>(knownAgents);
  const { busy, error, run } = useAction();

  const load = () => run('Loading tasks…', async () => setTasks((await api<{ tasks: Task[] }>('/api/tasks')).tasks));
  useEffect(() => {
    load();
    api<{ agents: Agent[] }>('/api/tasks/agents').then((r) => setAgents((knownAgents = r.agents)), () => {});
  }, []);
  const offered = agents.filter((a) => a.available);
  const unavailable = agents.filter((a) => !a.available);
  const builtIn = form.agent === 'codingit';

  async function create(e: Event) {
    e.preventDefault();
    const body: Record<string, string> = { prompt: form.prompt };
    if (form.repoUrl.trim()) body.repoUrl = form.repoUrl.trim();
    if (form.agent) body.selectedAgent = form.agent;
    if (form.model.trim()) body.selectedModel = form.model.trim();
    // the chat's config fields; only the built-in agent takes them (a CLI uses the server's keys through its relay)
    if (builtIn && form.apiKey.trim()) body.apiKey = form.apiKey.trim();
    if (builtIn && form.baseURL.trim()) body.baseURL = form.baseURL.trim();
    const r = await run('Creating the task…', () => api<{ task: Task }>('/api/tasks', { method: 'POST', body }));
    if (r) { setForm({ ...form, prompt: '' }); setOpenId(r.task.id); load(); }
  }

  async function deleteFinished() {
    if (!confirm('Delete every completed and failed task?')) return;
    const r = await run('Deleting…', () => api<{ message: string }>('/api/tasks?action=completed,failed', { method: 'DELETE' }));
    if (r) load();
  }

  const set = (k: keyof typeof form) => (e: Event) => {
    const value = (e.target as HTMLInputElement).value;
    if (k === 'apiKey') modelSettings.setApiKey(value);
    if (k === 'baseURL') modelSettings.setBaseURL(value);
    setForm({ ...form, [k]: value });
  };

  return (
    <div class="page">
      <Panel title="New task">
        <form class="stack" onSubmit={create}>
          <label for="task-prompt">What should the agent do?</label>
          <textarea id="task-prompt" rows={2} required value={form.prompt} onInput={set('prompt')} />
          <div class="row">
            <label for="task-repo">Repository URL</label>
            <input id="task-repo" class="grow" placeholder="https://github.com/you/repo.git" value={form.repoUrl} onInput={set('repoUrl')} />
            <label for="task-agent">Agent</label>
            <select id="task-agent" value={form.agent} onChange={set('agent')}>
              {(offered.length ? offered : [{ id: 'codingit', available: true }]).map((a) => <option key={a.id} value={a.id}>{a.id}</option>)}
            </select>
            <label for="task-model">Model</label>
            <input id="task-model" placeholder="default" value={form.model} onInput={set('model')} />
            <button type="submit" class="primary" id="task-create" disabled={!!busy}>Start task</button>
          </div>
          {unavailable.length > 0 && (
            <p class="hint" id="agent-hint">Not available on this server: {unavailable.map((a, i) => (
              <span key={a.id}>{i > 0 ? '; ' : ''}<strong>{a.id}</strong> ({a.reason})</span>))}.</p>
          )}
          <details open={!!(form.apiKey || form.baseURL) || undefined}>
            <summary>Your own API key and base URL</summary>
            <div class="row">
              <label for="task-api-key">API key</label>
              <input id="task-api-key" type="password" autocomplete="off" placeholder="the server's key when empty"
                value={form.apiKey} onInput={set('apiKey')} disabled={!builtIn} />
              <label for="task-base-url">Base URL</label>
              <input id="task-base-url" type="url" placeholder="the provider's default when empty" value={form.baseURL}
                onInput={set('baseURL')} disabled={!builtIn} />
            </div>
            <p class="hint">The same settings as the Chat's: the key stays in this tab and goes only to this server, which
              keeps it encrypted until the task ends. {builtIn ? '' : 'A CLI agent uses the server\'s keys through its relay.'}</p>
          </details>
        </form>
        {busy && <Busy label={busy} />}
        <ErrorBox error={error} id="tasks-error" />
      </Panel>
      <div class="files-layout">
        <Panel title="Tasks" actions={<><button type="button" onClick={load}>Refresh</button><button type="button" class="danger" onClick={deleteFinished}>Delete finished</button></>}>
          {tasks.length === 0 && <p class="muted">No tasks yet.</p>}
          <ul class="list" id="task-list">
            {tasks.map((t) => (
              <li key={t.id}>
                <button type="button" class={`tree-node ${openId === t.id ? 'selected' : ''}`} onClick={() => setOpenId(t.id)}>
                  <StatusBadge status={t.status} /> {t.prompt.slice(0, 80)}
                </button>
                <span class="muted small"> {fmt(t.created_at)}</span>
              </li>
            ))}
          </ul>
        </Panel>
        {openId ? <TaskDetail key={openId} id={openId} onChanged={load} onDeleted={() => { setOpenId(null); load(); }} />
          : <Panel title="Task"><p class="muted">Choose a task to follow its log.</p></Panel>}
      </div>
    </div>
  );
}

function StatusBadge({ status }: { status: string }) {
  return <span class={`badge ${status}`}>{status === 'error' ? 'failed' : status}</span>;
}

function TaskDetail({ id, onChanged, onDeleted }: { id: string; onChanged: () => void; onDeleted: () => void }) {
  const [task, setTask] = useState<Task | null>(null);
  const [logs, setLogs] = useState<LogLine[]>([]);
  const [live, setLive] = useState(false);
  const [pr, setPr] = useState<string | null>(null);
  const logRef = useRef<HTMLOListElement>(null);
  const { busy, error, run } = useAction();

  useEffect(() => {
    let es: EventSource | null = null;
    let stopped = false;
    run('Loading the task…', async () => {
      const { task } = await api<{ task: Task }>(`/api/tasks/${id}`);
      if (stopped) return;
      setTask(task);
      setLogs(task.logs ?? []);
      if (FINISHED.has(task.status)) return;
      // the stream replays the log from the start, so the fetched lines are replaced by it
      es = new EventSource(`/api/tasks/${id}/events`);
      let first = true;
      const onData = (ev: MessageEvent) => {
        let d: any;
        try { d = JSON.parse(ev.data); } catch { return; }
        if (first) { first = false; setLogs([]); }
        if (typeof d.message === 'string' && (d.type || ev.type === 'log')) setLogs((l) => [...l, d]);
        if (ev.type !== 'log' && (d.progress != null || d.status)) setTask((t) => (t ? { ...t, ...pick(d) } : t));
        if (d.task) setTask(d.task);
        // `end` is the last event: the server closes the stream after it (EventSource would reconnect)
        if (ev.type === 'end') { es?.close(); setLive(false); onChanged(); }
      };
      es.onmessage = onData;
      for (const name of ['log', 'progress', 'status', 'task', 'end', 'done']) es.addEventListener(name, onData as EventListener);
      es.onopen = () => setLive(true);
      es.onerror = () => { if (es?.readyState === EventSource.CLOSED) setLive(false); };
    });
    return () => { stopped = true; es?.close(); };
  }, [id]);

  useEffect(() => { logRef.current?.lastElementChild?.scrollIntoView({ block: 'nearest' }); }, [logs.length]);

  if (!task) return <Panel title="Task">{busy && <Busy label={busy} />}<ErrorBox error={error} /></Panel>;
  const finished = FINISHED.has(task.status);
  return (
    <Panel title="Task" id="task-detail" actions={
      <>
        {!finished && <button type="button" id="task-cancel" onClick={() => run('Cancelling…', () => api(`/api/tasks/${id}/cancel`, { method: 'POST' })).then(onChanged)}>Cancel</button>}
        {task.status === 'completed' && task.branch_name && !task.pull_request_url && !pr && (
          <button type="button" id="task-pr" onClick={async () => {
            const r = await run('Opening the pull request…', () => api<any>(`/api/tasks/${id}/pull-request`, { method: 'POST' }));
            if (r) {
              setPr(r.pull_request?.url ?? null);
              if (r.task) setTask(r.task);
            }
          }}>Open pull request</button>
        )}
        {finished && <button type="button" class="danger" onClick={() => run('Deleting…', () => api(`/api/tasks/${id}`, { method: 'DELETE' })).then(onDeleted)}>Delete</button>}
      </>
    }>
      <p><StatusBadge status={task.status} /> {task.prompt}</p>
      {FAILED.has(task.status)
        // a failed task's bar is full and red, not left where the work stopped
        ? <progress class="failed" id="task-progress" max={100} value={100} aria-label={task.status === 'error' ? 'Failed' : 'Cancelled'}>
            {task.status}</progress>
        : <progress id="task-progress" class={task.status === 'completed' ? 'done' : ''} max={100} value={task.progress ?? 0}
            aria-label="Progress">{task.progress}%</progress>}
      {task.status === 'error' && (
        <div class="error" role="alert" id="task-failure">
          Failed{task.progress ? ` at ${task.progress} %` : ''}: {task.error || 'the task ended with an error (see its log)'}
        </div>
      )}
      <dl class="facts">
        {task.repo_url && <><dt>Repository</dt><dd>{task.repo_url}</dd></>}
        {task.branch_name && <><dt>Branch</dt><dd><code>{task.branch_name}</code></dd></>}
        {task.selected_agent && <><dt>Agent</dt><dd>{task.selected_agent}{task.selected_model ? ` · ${task.selected_model}` : ''}</dd></>}
        {task.error && task.status !== 'error' && <><dt>Reason</dt><dd class="error-text">{task.error}</dd></>}
      </dl>
      {(pr ?? task.pull_request_url) && <p role="status">Pull request: <a href={(pr ?? task.pull_request_url)!} target="_blank" rel="noopener noreferrer">{pr ?? task.pull_request_url}</a></p>}
      {busy && <Busy label={busy} />}
      <ErrorBox error={error} />
      <h3>Log {live && <span class="badge processing">live</span>}</h3>
      <ol class="log" id="task-log" ref={logRef} aria-live="polite">
        {logs.map((l, i) => (
          <li key={l.id ?? i} class={`log-${l.type}`}>
            <span class="muted small">{l.timestamp ? new Date(l.timestamp).toLocaleTimeString() : ''}</span> {l.type === 'command' ? '$ ' : ''}{l.message}
          </li>
        ))}
      </ol>
    </Panel>
  );
}

function pick(d: any): Partial<Task> {
  const out: Partial<Task> = {};
  if (d.progress != null) out.progress = d.progress;
  if (d.status) out.status = d.status;
  if (d.error) out.error = d.error;
  if (d.branch_name) out.branch_name = d.branch_name;
  if (d.pull_request_url) out.pull_request_url = d.pull_request_url;
  if (d.sandbox_url) out.sandbox_url = d.sandbox_url;
  return out;
}
