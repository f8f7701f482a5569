// Workspace files (/api/files, with ETag/If-Match) and the files of a live sandbox
// (/api/sandbox/{sbxId}/files; rename and delete there go through a one-shot terminal command).
import { useEffect, useState } from 'preact/hooks';
import { api, raw, ApiError, FileNode } from '../api';
import { CodeEditor, SideBySideDiff } from '../components/lazy';
import { Busy, ErrorBox, Panel, Tree, useAction } from '../components/ui';
import { SandboxPicker } from './TerminalScreen';
import { chatSandbox } from '../sandboxes';
import type { Workbench } from '../main';

interface Store {
  label: string;
  tree(): Promise<FileNode[]>;
  read(path: string): Promise<{ content: string; etag: string | null }>;
  write(path: string, content: string, etag: string | null, force: boolean): Promise<string | null>;
  create(path: string, dir: boolean): Promise<void>;
  move(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
}

const workspace: Store = {
  label: 'Workspace files',
  tree: () => api<FileNode[]>('/api/files'),
  async read(path) {
    const r = await raw(`/api/files/content?path=${encodeURIComponent(path)}`);
    return { content: (await r.json()).content, etag: r.headers.get('ETag') };
  },
  async write(path, content, etag, force) {
    const r = await raw('/api/files/content', {
      method: 'POST', body: { path, content }, headers: etag && !force ? { 'If-Match': etag } : force ? { 'If-Match': '*' } : {},
    });
    return r.headers.get('ETag');
  },
  create: (path, dir) => api('/api/files', { method: 'POST', body: dir ? { path, isDirectory: true } : { path, isDirectory: false, content: '' } }),
  move: (from, to) => api('/api/files', { method: 'PATCH', body: { from, to } }),
  remove: (path) => api(`/api/files?path=${encodeURIComponent(path)}`, { method: 'DELETE' }),
};

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function sandboxStore(sbxId: string): Store {
  const base = `/api/sandbox/${encodeURIComponent(sbxId)}`;
  const sh = async (command: string) => {
    const r = await api<{ exitCode: number; stderr: string }>('/api/terminal', { method: 'POST', body: { sbxId, command } });
    if (r.exitCode !== 0) throw new ApiError(400, r.stderr.trim() || `The command failed (exit ${r.exitCode}).`);
  };
  return {
    label: 'Sandbox files',
    tree: async () => (await api<{ files: FileNode[] }>(`${base}/files`)).files,
    read: async (path) => ({ content: (await api<{ content: string }>(`${base}/files/content?path=${encodeURIComponent(path)}`)).content, etag: null }),
    async write(path, content) { await api(`${base}/files/content`, { method: 'POST', body: { path, content } }); return null; },
    create: (path, dir) => (dir ? sh(`mkdir -p -- ${quote(path)}`) : api(`${base}/files/content`, { method: 'POST', body: { path, content: '' } }).then(() => {})),
    move: (from, to) => sh(`mv -n -- ${quote(from)} ${quote(to)}`),
    remove: (path) => sh(`rm -rf -- ${quote(path)}`),
  };
}

export function FilesScreen({ bench }: { bench: Workbench }) {
  const [tab, setTab] = useState<'workspace' | 'sandbox'>('workspace');
  const [sbxId, setSbxId] = useState<string | null>(chatSandbox() ?? bench.result?.sbxId ?? null);
  return (
    <div class="page">
      <div class="tabs" role="tablist" aria-label="Which files">
        <button role="tab" id="tab-workspace" aria-selected={tab === 'workspace'} onClick={() => setTab('workspace')}>Workspace</button>
        <button role="tab" id="tab-sandbox" aria-selected={tab === 'sandbox'} onClick={() => setTab('sandbox')}>Sandbox</button>
      </div>
      {tab === 'workspace' && <FileBrowser key="ws" store={workspace} />}
      {tab === 'sandbox' && (
        <>
          <SandboxPicker value={sbxId} onChange={setSbxId} />
          {sbxId ? <FileBrowser key={sbxId} store={sandboxStore(sbxId)} /> : <p class="muted">Pick or start a sandbox to see its files.</p>}
        </>
      )}
    </div>
  );
}

function FileBrowser({ store }: { store: Store }) {
  // null until the tree has been read once: a failed read must not look like "no files"
  const [nodes, setNodes] = useState<FileNode[] | null>(null);
  const [selected, setSelected] = useState<FileNode | null>(null);
  const [open, setOpen] = useState<{ path: string; content: string; saved: string; etag: string | null } | null>(null);
  // a save refused because the file changed elsewhere: their version, shown beside mine
  const [conflict, setConflict] = useState<{ theirs: string | null } | null>(null);
  const [newPath, setNewPath] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();

  const load = () => run('Loading…', async () => setNodes(await store.tree()));
  useEffect(() => { load(); }, []);

  async function select(n: FileNode) {
    setSelected(n);
    setConflict(null);
    setMessage(null);
    if (n.isDirectory) return;
    const f = await run(`Opening ${n.name}…`, () => store.read(n.path));
    if (f) setOpen({ path: n.path, content: f.content, saved: f.content, etag: f.etag });
  }

  async function save(force = false) {
    if (!open) return;
    setConflict(null);
    setMessage(null);
    try {
      const etag = await store.write(open.path, open.content, open.etag, force);
      setOpen({ ...open, saved: open.content, etag });
      setMessage(`Saved ${open.path}.`);
      setError(null);
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        const theirs = await store.read(open.path).then((f) => f.content, () => null);
        setConflict({ theirs });
      } else {
        setError(e instanceof ApiError ? e.message : String(e));
      }
    }
  }

  /** Says "Created" only when the server created it; a refusal (exists, bad path) is shown and the input kept. */
  async function create(dir: boolean) {
    const path = newPath.trim();
    if (!path) return;
    setMessage(null);
    const created = await run('Creating…', () => store.create(path, dir).then(() => true));
    if (created) { setMessage(`Created ${path}.`); setNewPath(''); load(); }
  }

  async function rename() {
    if (!selected) return;
    const to = prompt(`Rename or move ${selected.path} to:`, selected.path);
    if (!to || to === selected.path) return;
    const moved = await run('Renaming…', () => store.move(selected.path, to).then(() => true));
    if (!moved) return;
    if (open?.path === selected.path) setOpen(null);
    setSelected(null);
    setMessage(`Moved ${selected.path} to ${to}.`);
    load();
  }

  async function remove() {
    if (!selected || !confirm(`Delete ${selected.path}${selected.isDirectory ? ' and everything in it' : ''}?`)) return;
    const removed = await run('Deleting…', () => store.remove(selected.path).then(() => true));
    if (!removed) return;
    if (open?.path.startsWith(selected.path)) setOpen(null);
    setSelected(null);
    setMessage(`Deleted ${selected.path}.`);
    load();
  }

  const dirty = open != null && open.content !== open.saved;

  return (
    <div class="files-layout">
      <Panel title={store.label} actions={<button type="button" onClick={() => { setMessage(null); load(); }}>Refresh</button>}>
        <form class="row" onSubmit={(e) => { e.preventDefault(); create(false); }}>
          <label for="new-path">New path</label>
          <input id="new-path" value={newPath} placeholder="src/app.py" onInput={(e) => setNewPath((e.target as HTMLInputElement).value)} />
          <button type="submit" id="new-file">New file</button>
          <button type="button" onClick={() => create(true)}>New folder</button>
        </form>
        {busy && <Busy label={busy} />}
        <ErrorBox error={error} id="files-error" />
        {nodes && nodes.length === 0 && !busy && <p class="muted">No files yet.</p>}
        {nodes && nodes.length > 0 && <Tree nodes={nodes} selected={selected?.path} onSelect={select} label={store.label} />}
        {message && <p role="status" class="ok" id="files-message">{message}</p>}
        {selected && (
          <div class="row">
            <span class="muted">Selected: <code>{selected.path}</code></span>
            <button type="button" onClick={rename}>Rename</button>
            <button type="button" class="danger" onClick={remove}>Delete</button>
          </div>
        )}
      </Panel>
      <Panel title={open ? open.path : 'Editor'} actions={open && (
        <button type="button" class="primary" id="save" disabled={!dirty} onClick={() => save()}>{dirty ? 'Save' : 'Saved'}</button>
      )}>
        {conflict && open && (
          <div class="error" role="alert" id="conflict">
            <p>This file was changed somewhere else since you opened it. Saving now would overwrite that change.</p>
            {conflict.theirs != null
              ? <SideBySideDiff left={conflict.theirs} right={open.content} leftTitle="Their version (saved)" rightTitle="Your version (not saved)" />
              : <p>Their version could not be read.</p>}
            <button type="button" onClick={() => open && select({ name: open.path, path: open.path, isDirectory: false })}>Load their version (drop mine)</button>
            <button type="button" class="danger" onClick={() => save(true)}>Overwrite with mine</button>
          </div>
        )}
        {open
          ? <CodeEditor label={`Contents of ${open.path}`} value={open.content} path={open.path}
              onChange={(c) => setOpen((o) => (o ? { ...o, content: c } : o))} onSave={() => save()} />
          : <p class="muted">Choose a file in the tree.</p>}
      </Panel>
    </div>
  );
}
