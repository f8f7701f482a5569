// Chat: model + template pickers, a prompt, the fragment streaming in (SSE form of POST /api/chat),
// run it (POST /api/sandbox), edit + re-run, and changes through morph-chat with their diff.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, raw, readEvents, humanError, ApiError, Fragment, LlmChoice, llmBody, Model, Template, modelSettings } from '../api';
import { CodeEditor, DiffView } from '../components/lazy';
import { Busy, ErrorBox, Panel, useAction } from '../components/ui';
import { Results } from './Results';
import { SandboxList } from './Sandboxes';
import { endChatSandbox, interruptRun, runInChatSandbox, runLive } from '../sandboxes';
import type { Workbench } from '../main';
import { activeChat, ActiveChat, asRunResult, projects, runVersionInChatSandbox, setActiveChat } from '../projects';

/** failed: the model never answered it; shown as failed and not sent again as context */
interface Message { role: 'user' | 'assistant'; content: string; failed?: boolean }

// Kept for the page's life: a screen change or a 429 never empties the pickers.
let knownModels: Model[] = [];
let knownTemplates: Template[] = [];

/** How a template stands on this server, in the words of GET /api/templates (state), else from ready. */
function templateLabel(t: Template): string {
  if (t.state) return t.state === 'ready' ? t.name : `${t.name} — ${t.state}`;
  return t.ready === false ? `${t.name} (not ready)` : t.name;
}

/**
 * The model to preselect: the last one chosen (kept across tabs) if this server can serve it or the
 * person gave a key or base URL, else the first the server can serve, else the first (and the
 * key fields are opened).
 */
export function defaultModel(models: Model[], lastChosen: string, ownKeyOrUrl: boolean): Model | undefined {
  const last = models.find((m) => `${m.providerId}:${m.id}` === lastChosen);
  if (last && (last.configured || ownKeyOrUrl)) return last;
  return models.find((m) => m.configured) ?? last ?? models[0];
}

const FIELDS = ['title', 'description', 'commentary', 'template', 'file_path', 'code'] as const;

/**
 * The fields of a JSON object still being written, read leniently: each string field as far as it
 * has arrived (so the code fills in live), escapes decoded, an unfinished escape dropped.
 */
export function partialFragment(text: string): Fragment {
  const out: Record<string, string> = {};
  for (const key of FIELDS) {
    const m = new RegExp(`"${key}"\\s*:\\s*"`).exec(text);
    if (!m) continue;
    let i = m.index + m[0].length, s = '';
    while (i < text.length) {
      const c = text[i];
      if (c === '"') break;
      if (c === '\\') {
        const n = text[i + 1];
        if (n === undefined) break;
        if (n === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (hex.length < 4) break;
          s += String.fromCharCode(parseInt(hex, 16));
          i += 6;
          continue;
        }
        s += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[n] ?? n;
        i += 2;
        continue;
      }
      s += c;
      i++;
    }
    out[key] = s;
  }
  return out as Fragment;
}

function useStored(key: string, initial: string, storage: Storage = sessionStorage): [string, (v: string) => void] {
  const [v, setV] = useState(() => storage.getItem(key) ?? initial);
  return [v, (nv: string) => { storage.setItem(key, nv); setV(nv); }];
}

export function ChatScreen({ bench }: { bench: Workbench }) {
  const [models, setModels] = useState<Model[]>(knownModels);
  const [templates, setTemplates] = useState<Template[]>(knownTemplates);
  // the last model chosen, in every tab
  const [modelKey, setModelKey] = useStored('codingit-model', '', localStorage);
  const [templateId, setTemplateId] = useStored('codingit-template', 'code-interpreter-v1');
  // own key: kept in this tab's memory only, never stored
  // (shared with the Tasks screen through modelSettings)
  const [apiKey, setApiKeyState] = useState(modelSettings.apiKey());
  const [baseURL, setBaseURLState] = useState(modelSettings.baseURL());
  const setApiKey = (v: string) => { modelSettings.setApiKey(v); setApiKeyState(v); };
  const setBaseURL = (v: string) => { modelSettings.setBaseURL(v); setBaseURLState(v); };
  const [prompt, setPrompt] = useState('');
  const [messages, setMessages] = useState<Message[]>([]);
  const [streaming, setStreaming] = useState<string | null>(null);
  const [code, setCode] = useState(bench.fragment?.code ?? '');
  const [change, setChange] = useState('');
  const [diff, setDiff] = useState<{ before: string; after: string } | null>(null);
  const [usage, setUsage] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  // in a project, the server keeps the conversation: only the new message is sent, runs are stored
  const [project, setProject] = useState<ActiveChat | null>(activeChat());
  const [version, setVersion] = useState<number | null>(null);
  const [limitHit, setLimitHit] = useState(false);
  const chat = useAction();
  const runner = useAction();
  const morph = useAction();

  useEffect(() => {
    // a refusal (a 429) keeps the list it had, and says so with the wait
    api<{ models: Model[] }>('/api/models').then((r) => setModels((knownModels = r.models)),
      (e) => chat.setError(knownModels.length ? `The model list could not be refreshed (the last one is shown): ${humanError(e)}` : humanError(e)));
    api<{ templates: Template[] }>('/api/templates').then((r) => setTemplates((knownTemplates = r.templates)), () => {});
  }, []);
  useEffect(() => setCode(bench.fragment?.code ?? ''), [bench.fragment]);
  useEffect(() => {
    if (project?.chatId) chat.run('Opening the project chat…', () => reopen(project.projectId, project.chatId!));
    else if (project) { bench.setFragment(null); bench.setResult(null); }
  }, []);

  /** The stored chat again: every message, the latest fragment and its latest result. */
  async function reopen(projectId: string, chatId: string) {
    const stored = await projects.messages(projectId, chatId);
    setMessages(stored.messages.map((m) => ({ role: m.role, content: m.content })));
    const last = [...stored.messages].reverse().find((m) => m.fragment && m.version != null);
    if (!last) return;
    const v = await projects.version(projectId, last.version!);
    setVersion(v.number);
    bench.setFragment(v.fragment);
    bench.setResult(v.result ? asRunResult(v.result) : null);
  }

  function leaveProject() {
    setActiveChat(null);
    setProject(null);
    setVersion(null);
    newChat();
  }

  /** Starts over: no messages, no fragment, and the old chat's sandbox is killed. */
  function newChat() {
    setMessages([]);
    setDiff(null);
    setUsage(null);
    chat.setError(null);
    runner.setError(null);
    bench.setFragment(null);
    bench.setResult(null);
    endChatSandbox();
  }

  const ownKeyOrUrl = !!(apiKey.trim() || baseURL.trim());
  const model = defaultModel(models, modelKey, ownKeyOrUrl);
  const noServerModel = models.length > 0 && !models.some((m) => m.configured);
  const choice: LlmChoice | null = model ? { modelId: model.id, providerId: model.providerId, apiKey, baseURL } : null;
  const fragment = streaming != null ? partialFragment(streaming) : bench.fragment;

  async function send(e: Event) {
    e.preventDefault();
    if (!choice || !prompt.trim()) return;
    const asked = prompt.trim();
    const history: Message[] = [...messages.filter((m) => !m.failed), { role: 'user', content: asked }];
    setMessages([...messages, { role: 'user', content: asked }]);
    setPrompt('');
    setDiff(null);
    setUsage(null);
    bench.setFragment(null);
    bench.setResult(null);
    const ctl = new AbortController();
    abort.current = ctl;
    const ok = await chat.run('Writing the fragment…', async () => {
      setStreaming('');
      let text = '';
      try {
        const inProject = project
          ? { messages: history.slice(-1), projectId: project.projectId, ...(project.chatId ? { chatId: project.chatId } : {}) }
          : { messages: history };
        const res = await raw('/api/chat', {
          method: 'POST', signal: ctl.signal, headers: { Accept: 'text/event-stream' },
          body: { ...inProject, template: templateId, ...llmBody(choice) },
        });
        const chatId = res.headers.get('X-Chat-Id');
        if (project && chatId && chatId !== project.chatId) {
          const next = { ...project, chatId };
          setActiveChat(next);
          setProject(next);
        }
        let done: Fragment | null = null;
        let failure: ApiError | null = null;
        await readEvents(res, (event, data) => {
          const d = JSON.parse(data);
          if (event === 'delta') { text += d.text; setStreaming(text); }
          else if (event === 'error') failure = new ApiError(d.status, d.message);
          else if (event === 'done') {
            done = d.object;
            if (d.saved?.version != null) setVersion(d.saved.version);
            const u = d.usage;
            if (u && u.totalTokens != null) setUsage(`${u.promptTokens} prompt + ${u.completionTokens} completion tokens`);
          }
        });
        if (failure) throw failure;
        if (!done) throw new ApiError(500, 'The answer ended before the fragment was complete. Please try again.');
        const f = done as Fragment;
        bench.setFragment(f);
        setMessages([...messages, { role: 'user', content: asked }, { role: 'assistant', content: f.commentary || f.title || 'Here is the fragment.' }]);
        return true;
      } finally {
        setStreaming(null);
        abort.current = null;
      }
    });
    if (!ok) {
      // the model never answered: the prompt is marked failed, left out of the next request's
      // context, and put back in the box to send again
      setMessages([...messages, { role: 'user', content: asked, failed: true }]);
      setPrompt(asked);
    }
  }

  async function runFragment(f: Fragment) {
    setLimitHit(false);
    if (project && version != null && f.code === (bench.fragment?.code ?? '')) {
      // the stored version runs in the chat's sandbox (a new one when it cannot take it), and its result is kept with it
      const stored = await runner.run('Running in the chat\'s sandbox…', () => runVersionInChatSandbox(project.projectId, version));
      if (stored) { bench.setResult({ ...asRunResult(stored), storedAt: undefined }); showResult(); }
      return;
    }
    const web = !!(f.template && templates.find((t) => t.id === f.template)?.port);
    try {
      if (web) {
        // the installer's output shows as it comes, then the preview (with that output kept above it)
        let install: string | undefined;
        const installing = (text: string) => {
          install = (install ?? '') + text;
          bench.setResult({ sbxId: '', template: f.template ?? '', install, installing: true });
          showResult();
        };
        try {
          const res = await runner.run('Starting the app in a sandbox…', () => runInChatSandbox(f, installing), true);
          if (res) { bench.setResult({ ...res, install }); showResult(); }
        } catch (e) {
          if (install != null) bench.setResult({ sbxId: '', template: f.template ?? '', install, installFailed: true });
          throw e;
        }
      } else {
        // the output shows as it comes; the result lives in the workbench, so it survives leaving this screen
        showResult();
        await runner.run('Starting the chat\'s sandbox…', () => runLive(f, bench.setResult), true);
        // again at the end: on a short page the first scroll could not bring the panel up far enough for the
        // output that came since (it grew the page below the fold)
        showResult();
      }
    } catch (e) {
      setLimitHit(e instanceof ApiError && e.code === 'sandbox_limit');
    }
  }

  async function stopRun() {
    const id = bench.result?.sbxId;
    if (id) await runner.run('Stopping…', () => interruptRun(id));
  }

  async function askChange(e: Event) {
    e.preventDefault();
    const f = bench.fragment;
    if (!f || !choice || !change.trim()) return;
    const current = { ...f, code };
    const res = await morph.run('Asking the model for the change…', async () => {
      const r = await raw('/api/chat/morph-chat', {
        method: 'POST', headers: { Accept: 'text/plain, application/json' },
        body: { messages: [...messages, { role: 'user', content: change.trim() }], currentFragment: current, ...llmBody(choice) },
      });
      return JSON.parse(await r.text()) as Fragment;
    });
    if (res) {
      setDiff({ before: code, after: res.code ?? '' });
      setMessages([...messages, { role: 'user', content: change.trim() }, { role: 'assistant', content: res.commentary || 'Changed.' }]);
      setChange('');
      bench.setFragment(res);
    }
  }

  const dirty = bench.fragment != null && code !== (bench.fragment.code ?? '');

  return (
    <div class="chat-layout">
      <Panel title="Chat" id="chat-panel">
        {project && (
          <p class="row project-bar" id="project-bar">
            <span>Project <a href={`#/projects/${project.projectId}`}>{project.projectName}</a>
              {version != null && <> · v{version}</>}: saved on the server</span>
            <button type="button" id="leave-project" onClick={leaveProject}>Leave project</button>
          </p>
        )}
        <form onSubmit={send} class="stack" aria-describedby="chat-hint">
          <div class="row">
            <label for="model">Model</label>
            <select id="model" value={model ? `${model.providerId}:${model.id}` : ''}
              onChange={(e) => setModelKey((e.target as HTMLSelectElement).value)}>
              {groupByProvider(models).map(([provider, list]) => (
                <optgroup key={provider} label={provider}>
                  {list.map((m) => <option key={m.id} value={`${m.providerId}:${m.id}`}>{m.name}{m.configured || ownKeyOrUrl ? '' : ` (${m.unavailable ?? 'needs a key'})`}</option>)}
                </optgroup>
              ))}
            </select>
            <label for="template">Template</label>
            <select id="template" value={templateId} onChange={(e) => setTemplateId((e.target as HTMLSelectElement).value)}>
              <option value="auto">Let the model choose</option>
              {templates.map((t) => <option key={t.id} value={t.id}>{templateLabel(t)}</option>)}
            </select>
          </div>
          {noServerModel && !ownKeyOrUrl && (
            <p class="hint" id="model-hint">This server holds no key for any model and no local model is running:
              give your own API key (or a base URL) below.</p>
          )}
          <details open={noServerModel || (model != null && !model.configured) || undefined}>
            <summary>Your own API key and base URL</summary>
            <div class="row">
              <label for="api-key">API key</label>
              <input id="api-key" type="password" autocomplete="off" placeholder="the server's key when empty" value={apiKey}
                onInput={(e) => setApiKey((e.target as HTMLInputElement).value)} />
              <label for="base-url">Base URL</label>
              <input id="base-url" type="url" placeholder="the provider's default when empty" value={baseURL}
                onInput={(e) => setBaseURL((e.target as HTMLInputElement).value)} />
            </div>
            <p class="hint">The key stays in this tab and goes only to this server with each request.</p>
          </details>
          <ol class="messages" aria-label="Conversation" aria-live="polite">
            {messages.map((m, i) => (
              <li key={i} class={`msg ${m.role}${m.failed ? ' failed' : ''}`}>
                <span class="sr-only">{m.role === 'user' ? 'You' : 'Model'}: </span>{m.content}
                {m.failed && <span class="failed-note"> — failed, not sent again</span>}
              </li>
            ))}
          </ol>
          <label for="prompt">Prompt</label>
          <textarea id="prompt" rows={3} value={prompt} placeholder="e.g. plot a sine wave with matplotlib"
            onInput={(e) => setPrompt((e.target as HTMLTextAreaElement).value)}
            onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) send(e); }} />
          <p class="hint" id="chat-hint">Ctrl+Enter sends.</p>
          <div class="row">
            <button type="submit" class="primary" id="send" disabled={!!chat.busy || !choice}>Send</button>
            {abort.current && <button type="button" onClick={() => abort.current?.abort()}>Stop</button>}
            {!project && (messages.length > 0 || bench.fragment) && !chat.busy && (
              <button type="button" id="new-chat-here" onClick={newChat}>New chat</button>
            )}
            {chat.busy && <Busy label={chat.busy} />}
          </div>
          <ErrorBox error={chat.error} id="chat-error" />
          {usage && <p class="muted">{usage}</p>}
        </form>
      </Panel>

      <Panel title={fragment?.title || 'Fragment'} id="fragment-panel"
        actions={bench.fragment && (
          <>
            <button type="button" class="primary" id="run" disabled={!!runner.busy || !!bench.result?.running} onClick={() => runFragment({ ...bench.fragment!, code })}>
              {dirty ? 'Re-run with edits' : bench.result ? 'Re-run' : 'Run'}
            </button>
            {bench.result?.running && <button type="button" class="danger" id="stop-run" onClick={stopRun}>Stop</button>}
            {dirty && <button type="button" onClick={() => setCode(bench.fragment!.code ?? '')}>Discard edits</button>}
          </>
        )}>
        {!fragment && <p class="muted">Send a prompt: the model's fragment appears here as it is written.</p>}
        {fragment && (
          <div class="stack" id="fragment">
            {fragment.description && <p>{fragment.description}</p>}
            {fragment.commentary && <p class="commentary" id="commentary">{fragment.commentary}</p>}
            <p class="muted">
              {fragment.template && <>Template <code id="fragment-template">{fragment.template}</code> </>}
              {fragment.file_path && <>· file <code>{fragment.file_path}</code></>}
              {bench.fragment?.additional_dependencies?.length ? <> · installs {bench.fragment.additional_dependencies.join(', ')}</> : null}
            </p>
            {streaming != null
              ? <pre class="code streaming" id="code-stream" aria-busy="true">{fragment.code}</pre>
              : <CodeEditor id="code-editor" label="Fragment code" value={code} path={fragment.file_path} onChange={setCode}
                  onSave={() => bench.fragment && runFragment({ ...bench.fragment, code })} />}
            {bench.fragment && (
              <form onSubmit={askChange} class="row" aria-label="Ask for a change">
                <label for="change">Change request</label>
                <input id="change" value={change} placeholder="e.g. use a red line" onInput={(e) => setChange((e.target as HTMLInputElement).value)} />
                <button type="submit" id="morph" disabled={!!morph.busy || !change.trim()}>Apply change</button>
                {morph.busy && <Busy label={morph.busy} />}
              </form>
            )}
            <ErrorBox error={morph.error} />
            {diff && <DiffView before={diff.before} after={diff.after} onClose={() => setDiff(null)} />}
          </div>
        )}
      </Panel>

      <Panel title="Result" id="result-panel">
        {runner.busy && <Busy label={runner.busy} />}
        <ErrorBox error={runner.error} id="run-error" />
        {limitHit && <div class="stack"><p>Kill or let go of a sandbox you no longer need, then run again:</p>
          <SandboxList onChange={() => setLimitHit(false)} /></div>}
        {!runner.busy && !bench.result && !runner.error && <p class="muted">Run the fragment to see its output here.</p>}
        {bench.result && <Results result={bench.result} />}
      </Panel>
    </div>
  );
}

/** In the one-column layout (a phone) the result is below the fold: bring it into view. */
function showResult() {
  if (!window.matchMedia('(max-width: 800px)').matches) return;
  requestAnimationFrame(() => document.getElementById('result-panel')?.scrollIntoView({ block: 'start' }));
}

function groupByProvider(models: Model[]): [string, Model[]][] {
  const map = new Map<string, Model[]>();
  for (const m of models) map.set(m.provider, [...(map.get(m.provider) ?? []), m]);
  return [...map.entries()];
}
