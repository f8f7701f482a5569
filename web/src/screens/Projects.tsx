// Projects: the list (search, create, import), and one project: its chats with every message, a version
// picker with the code, the stored result and a diff against another version, restore, run, share links,
// export as a zip and a copy in the workspace. "Continue in chat" takes a chat to the Chat screen.
import { useEffect, useState } from 'preact/hooks';
import { api, raw, Template } from '../api';
import { Busy, ErrorBox, Panel, useAction } from '../components/ui';
import { Results } from './Results';
import {
  asRunResult, Project, ProjectChat, projects, setActiveChat, Share, StoredMessage, Version, VersionSummary,
  runVersionInChatSandbox,
} from '../projects';

export function ProjectsScreen({ projectId }: { projectId: string | null }) {
  return projectId ? <ProjectView id={projectId} /> : <ProjectList />;
}

function ProjectList() {
  const [list, setList] = useState<Project[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [name, setName] = useState('');
  const [templates, setTemplates] = useState<Template[]>([]);
  const [template, setTemplate] = useState('code-interpreter-v1');
  const action = useAction();

  async function load(query: string, cursor?: string | null) {
    const page = await action.run('Loading projects…', () => projects.list(query, cursor));
    if (page) {
      setList(cursor ? [...list, ...page.projects] : page.projects);
      setNext(page.nextCursor);
    }
  }
  useEffect(() => {
    load('');
    api<{ templates: Template[] }>('/api/templates').then((r) => setTemplates(r.templates), () => {});
  }, []);

  async function create(e: Event) {
    e.preventDefault();
    const p = await action.run('Creating the project…', () => projects.create(name, template));
    if (p) location.hash = `#/projects/${p.id}`;
  }

  async function importZip(file: File) {
    const p = await action.run('Importing…', async () => {
      const res = await raw('/api/projects/import', { method: 'POST', headers: { 'Content-Type': 'application/zip' }, rawBody: file });
      return (await res.json()) as Project;
    });
    if (p) location.hash = `#/projects/${p.id}`;
  }

  return (
    <div class="projects-layout">
      <Panel title="Projects" id="projects-panel">
        <div class="stack">
          <div class="row">
            <label for="project-search">Search</label>
            <input id="project-search" type="search" value={q} placeholder="part of a name"
              onInput={(e) => { const v = (e.target as HTMLInputElement).value; setQ(v); load(v); }} />
          </div>
          <ul class="project-list" aria-label="Your projects">
            {list.map((p) => (
              <li key={p.id}>
                <a class="project-link" href={`#/projects/${p.id}`}>{p.name}</a>
                <span class="muted"> · {p.template} · {p.currentVersion ? `v${p.currentVersion}` : 'no fragment yet'} · {new Date(p.updatedAt).toLocaleString()}</span>
              </li>
            ))}
          </ul>
          {!action.busy && !list.length && <p class="muted">No projects{q ? ' match' : ' yet'}.</p>}
          {next && <button type="button" onClick={() => load(q, next)}>More</button>}
          {action.busy && <Busy label={action.busy} />}
          <ErrorBox error={action.error} id="projects-error" />
        </div>
      </Panel>
      <Panel title="New project" id="new-project-panel">
        <form class="stack" onSubmit={create}>
          <label for="project-name">Name</label>
          <input id="project-name" value={name} maxLength={200} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
          <label for="project-template">Template</label>
          <select id="project-template" value={template} onChange={(e) => setTemplate((e.target as HTMLSelectElement).value)}>
            {templates.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
          </select>
          <button type="submit" class="primary" id="project-create" disabled={!name.trim() || !!action.busy}>Create</button>
          <label for="project-import">Import a project (.zip exported from CodingIT)</label>
          <input id="project-import" type="file" accept=".zip,application/zip"
            onChange={(e) => { const f = (e.target as HTMLInputElement).files?.[0]; if (f) importZip(f); }} />
        </form>
      </Panel>
    </div>
  );
}

function ProjectView({ id }: { id: string }) {
  const [project, setProject] = useState<(Project & { chats: ProjectChat[] }) | null>(null);
  const [chatId, setChatId] = useState<string | null>(null);
  const [messages, setMessages] = useState<StoredMessage[]>([]);
  const [versions, setVersions] = useState<VersionSummary[]>([]);
  const [selected, setSelected] = useState<number | null>(null);
  const [version, setVersion] = useState<Version | null>(null);
  const [against, setAgainst] = useState<number | null>(null);
  const [diff, setDiff] = useState<{ added: number; removed: number; unified: string } | null>(null);
  const [shares, setShares] = useState<Share[]>([]);
  const [rename, setRename] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const action = useAction();
  const versionAction = useAction();

  async function reload(pick?: number | null) {
    const [p, v, s] = await Promise.all([projects.get(id), projects.versions(id), projects.shares(id)]);
    setProject(p);
    setRename(p.name);
    setVersions(v.versions);
    setShares(s.shares);
    const chosen = pick ?? selected ?? v.current;
    setSelected(chosen);
    if (!chatId && p.chats.length) setChatId(p.chats[p.chats.length - 1].id);
  }
  useEffect(() => { action.run('Loading the project…', () => reload(null)); }, [id]);
  useEffect(() => {
    if (chatId) projects.messages(id, chatId).then((r) => setMessages(r.messages), (e) => action.setError(e.message));
  }, [id, chatId]);
  useEffect(() => {
    setDiff(null);
    if (selected != null) versionAction.run('Loading the version…', async () => setVersion(await projects.version(id, selected)));
    else setVersion(null);
  }, [id, selected]);
  useEffect(() => {
    if (selected != null && against != null && against !== selected) {
      projects.diff(id, against, selected).then(setDiff, (e) => versionAction.setError(e.message));
    } else setDiff(null);
  }, [id, selected, against]);

  if (!project) return <div>{action.busy && <Busy label={action.busy} />}<ErrorBox error={action.error} /></div>;

  function continueInChat(chat: ProjectChat | null) {
    setActiveChat({ projectId: id, projectName: project!.name, chatId: chat?.id ?? null });
    location.hash = '#/chat';
  }

  return (
    <div class="project-layout">
      <Panel title={project.name} id="project-panel" actions={<a href="#/projects">All projects</a>}>
        <div class="stack">
          <form class="row" onSubmit={(e) => { e.preventDefault(); action.run('Renaming…', async () => { await projects.rename(id, rename); await reload(); }); }}>
            <label for="project-rename">Name</label>
            <input id="project-rename" value={rename} maxLength={200} onInput={(e) => setRename((e.target as HTMLInputElement).value)} />
            <button type="submit" disabled={rename === project.name}>Rename</button>
          </form>
          <div class="row">
            <a class="button" id="project-export" href={projects.exportUrl(id)} download>Export (.zip)</a>
            <button type="button" id="project-workspace" onClick={() => action.run('Copying to the workspace…', async () => {
              const r = await projects.toWorkspace(id);
              setNote(`Copied to the workspace folder ${r.folder} (${r.files.length} files).`);
            })}>Copy to workspace</button>
            <button type="button" class="danger" id="project-delete" onClick={() => {
              if (confirm(`Delete the project "${project.name}" with its chats, versions and share links?`)) {
                action.run('Deleting…', async () => { await projects.remove(id); location.hash = '#/projects'; });
              }
            }}>Delete</button>
          </div>
          {note && <p class="ok" role="status" id="project-note">{note}</p>}
          {action.busy && <Busy label={action.busy} />}
          <ErrorBox error={action.error} id="project-error" />
          <h3>Chats</h3>
          <ul class="chat-list" id="project-chats">
            {project.chats.map((c) => (
              <li key={c.id}>
                <button type="button" class={`chat-link ${c.id === chatId ? 'selected' : ''}`} aria-pressed={c.id === chatId}
                  onClick={() => setChatId(c.id)}>{c.title}</button>
                <span class="muted"> {c.messageCount} messages</span>
              </li>
            ))}
          </ul>
          <div class="row">
            <button type="button" class="primary" id="new-chat" onClick={() => continueInChat(null)}>New chat</button>
            {chatId && <button type="button" id="continue-chat"
              onClick={() => continueInChat(project.chats.find((c) => c.id === chatId) ?? null)}>Continue this chat</button>}
          </div>
          <ol class="messages" id="project-messages" aria-label="Messages of the chat">
            {messages.map((m) => (
              <li key={m.seq} class={`msg ${m.role} ${m.status}`}>
                <span class="sr-only">{m.role === 'user' ? 'You' : 'Model'}: </span>{m.content}
                {m.status === 'failed' && <span class="muted"> (no answer)</span>}
                {m.version != null && <button type="button" class="version-link" onClick={() => setSelected(m.version)}>v{m.version}</button>}
              </li>
            ))}
          </ol>
        </div>
      </Panel>

      <Panel title="Versions" id="versions-panel">
        {!versions.length && <p class="muted">No fragment yet: start a chat.</p>}
        {versions.length > 0 && (
          <div class="stack">
            <div class="row">
              <label for="version-picker">Version</label>
              <select id="version-picker" value={selected ?? ''} onChange={(e) => setSelected(Number((e.target as HTMLSelectElement).value))}>
                {versions.map((v) => <option key={v.number} value={v.number}>{versionLabel(v, project.currentVersion)}</option>)}
              </select>
              <label for="diff-against">Diff against</label>
              <select id="diff-against" value={against ?? ''} onChange={(e) => {
                const v = (e.target as HTMLSelectElement).value;
                setAgainst(v ? Number(v) : null);
              }}>
                <option value="">(none)</option>
                {versions.filter((v) => v.number !== selected).map((v) => <option key={v.number} value={v.number}>v{v.number}</option>)}
              </select>
            </div>
            {version && (
              <>
                <div class="row">
                  <button type="button" class="primary" id="version-run" disabled={!!versionAction.busy}
                    onClick={() => versionAction.run('Running in a sandbox…', async () => {
                      await runVersionInChatSandbox(id, version.number);
                      setVersion(await projects.version(id, version.number));
                      await reload(version.number);
                    })}>Run</button>
                  <button type="button" id="version-restore" disabled={version.number === project.currentVersion}
                    onClick={() => versionAction.run('Restoring…', async () => {
                      const v = await projects.restore(id, version.number);
                      await reload(v.number);
                    })}>Restore as current</button>
                  <button type="button" id="version-share" onClick={() => versionAction.run('Making a share link…', async () => {
                    await projects.share(id, version.number);
                    setShares((await projects.shares(id)).shares);
                  })}>Share</button>
                </div>
                {diff && <UnifiedDiff diff={diff} />}
                <p class="muted">{version.fragment.title} · <code>{version.filePath}</code>
                  {version.restoredFrom != null && <> · restored from v{version.restoredFrom}</>}</p>
                <pre class="code" id="version-code">{version.fragment.code}</pre>
                <h3>Result</h3>
                {version.result ? <Results result={asRunResult(version.result)} /> : <p class="muted">Not run yet.</p>}
              </>
            )}
            {versionAction.busy && <Busy label={versionAction.busy} />}
            <ErrorBox error={versionAction.error} id="version-error" />
          </div>
        )}
        {shares.length > 0 && (
          <>
            <h3>Share links</h3>
            <ul class="share-list" id="shares">
              {shares.map((s) => (
                <li key={s.id}>
                  {s.active
                    ? <a class="share-link" href={s.path} target="_blank" rel="noopener noreferrer">{location.origin}/{s.path.replace(/^\//, '')}</a>
                    : <span class="muted">revoked</span>}
                  <span class="muted"> v{s.version}</span>
                  {s.active && <button type="button" class="revoke" onClick={() => versionAction.run('Revoking…', async () => {
                    await projects.revoke(id, s.id);
                    setShares((await projects.shares(id)).shares);
                  })}>Revoke</button>}
                </li>
              ))}
            </ul>
          </>
        )}
      </Panel>
    </div>
  );
}

function versionLabel(v: VersionSummary, current: number | null) {
  const what = v.source === 'restore' ? `restored v${v.restoredFrom}` : v.source === 'import' ? 'imported edit' : v.title ?? 'fragment';
  return `v${v.number} · ${what}${v.number === current ? ' (current)' : ''}${v.hasResult ? ' · ran' : ''}`;
}

export function UnifiedDiff({ diff }: { diff: { added: number; removed: number; unified: string } }) {
  return (
    <div class="diff" id="version-diff" aria-label="Differences between the versions">
      <strong>+{diff.added} −{diff.removed} lines</strong>
      <pre>
        {diff.unified.split('\n').map((l, i) => (
          <span key={i} class={l.startsWith('+') && !l.startsWith('+++') ? 'add' : l.startsWith('-') && !l.startsWith('---') ? 'del' : ''}>{l}{'\n'}</span>
        ))}
      </pre>
    </div>
  );
}
