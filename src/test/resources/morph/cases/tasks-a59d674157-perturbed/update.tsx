// Tasks (issue 9): create on a repository, follow the log live over SSE (EventSource resumes with
// Last-Event-ID by itself), cancel, open the pull request, delete finished ones. Events (docs/tasks.md
// on the tasks branches): `log` (a log line), `task` (status, progress, branch...), `end` ({id, status}).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { Busy, ErrorBox, Panel, useAction } from '../components/ui';
// ...
interface LogLine { id?: string | number; timestamp?: string; type: string; message: string }
interface Task {
  id: string; status: string; progress: number; prompt: string; repo_url?: string | null; selected_agent?: string | null;
  selected_model?: string | null; branch_name?: string | null; pull_request_url?: string | null; sandbox_url?: string | null; error?: string | null;
  logs?: LogLine[]; created_at?: string; updated_at?: string; finished_at?: string | null;
}

        // ...
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
    // ...
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
        // ...
        {task.selected_agent && <><dt>Agent</dt><dd>{task.selected_agent}{task.selected_model ? ` · ${task.selected_model}` : ''}</dd></>}
        {task.error && <><dt>Error</dt><dd class="error-text">{task.error}</dd></>}
      </dl>
      {(pr ?? task.pull_request_url) && <p role="status">Pull request: <a href={(pr ?? task.pull_request_url)!} target="_blank" rel="noopener noreferrer">{pr ?? task.pull_request_url}</a></p>}
      {busy && <Busy label={busy} />}
      <ErrorBox error={error} />
      <h3>Log {live && <span class="badge processing">live</span>}</h3>
  // ...
  if (d.status) out.status = d.status;
  if (d.error) out.error = d.error;
  if (d.branch_name) out.branch_name = d.branch_name;
  if (d.pull_request_url) out.pull_request_url = d.pull_request_url;
  if (d.sandbox_url) out.sandbox_url = d.sandbox_url;
  return out;
}
