import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { CodeEditor } from '../components/lazy';
import { Busy, ErrorBox, Panel, useAction } from '../components/ui';

interface Connection { connected: boolean; login?: string; source?: string; connected_at?: string; oauthAvailable?: boolean }
interface Repo { name: string; full_name: string; description?: string; private: boolean; clone_url: string; updated_at?: string; language?: string }
interface Entry { name: string; path: string; type: string; size?: number }

function decodeBase64(b64: string): string {
  const bin = atob(b64.replace(/\s/g, ''));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/**
 * The outcome of a failed "Connect with GitHub": the server sends the browser back to #/github?error=…
 * (the callback is a navigation, its JSON error would replace the app). Read once, then dropped from the
 * address so that a reload does not show it again.
 */
function takeConnectError(): string | null {
  const error = new URLSearchParams(location.hash.split('?')[1] ?? '').get('error');
  if (error != null) history.replaceState(null, '', `${location.pathname}${location.search}#/github`);
  return error;
}

export function GitHubScreen() {
  const [connectError, setConnectError] = useState(takeConnectError);
  const [conn, setConn] = useState<Connection | null>(null);
  const [token, setToken] = useState('');
  const [owner, setOwner] = useState('');
  const [orgs, setOrgs] = useState<{ login: string }[]>([]);
  const [repos, setRepos] = useState<Repo[]>([]);
  const [repo, setRepo] = useState<Repo | null>(null);
  const [path, setPath] = useState('');
  const [entries, setEntries] = useState<Entry[]>([]);
  const [file, setFile] = useState<{ path: string; content: string } | null>(null);
  const { busy, error, run } = useAction();

  const load = () => run('Checking the connection…', async () => {
    const c = await api<Connection>('/api/github/connection');
    setConn(c);
    if (c.connected) {
      setOwner(c.login ?? '');
      setOrgs(await api<{ login: string }[]>('/api/github/orgs').catch(() => []));
      if (c.login) setRepos(await api<Repo[]>(`/api/github/repos?owner=${encodeURIComponent(c.login)}`));
    }
  });
  useEffect(() => { load(); }, []);

  async function saveToken(e: Event) {
    e.preventDefault();
    setConnectError(null);
    const c = await run('Checking the token with GitHub…', () => api<Connection>('/api/github/token', { method: 'PUT', body: { token } }));
    if (c) { setToken(''); load(); }
  }

  async function listRepos(o: string) {
    setOwner(o);
    setRepo(null);
    await run(`Listing ${o}'s repositories…`, async () => setRepos(await api<Repo[]>(`/api/github/repos?owner=${encodeURIComponent(o)}`)));
  }

  async function browse(r: Repo, p: string) {
    setRepo(r);
    const [o, n] = r.full_name.split('/');
    const res = await run('Loading…', () => api<any>(`/api/github/repos/${o}/${n}?path=${encodeURIComponent(p)}`));
    if (!res) return;
    if (res.type === 'dir') { setPath(p); setEntries(res.contents); setFile(null); }
    else setFile({ path: res.path, content: res.content?.encoding === 'base64' ? decodeBase64(res.content.content) : res.content?.content ?? '' });
  }

  return (
    <div class="page">
      <Panel title="GitHub connection">
        {busy && <Busy label={busy} />}
        <ErrorBox error={error ?? connectError} id="github-error" />
        {conn?.connected ? (
          <div class="row">
            <span id="github-login">Connected as <strong>{conn.login}</strong> ({conn.source === 'oauth' ? 'GitHub sign-in' : conn.source === 'shared' ? "the server's token" : 'personal access token'})</span>
            {conn.source !== 'shared' && <button type="button" class="danger" onClick={() => run('Disconnecting…', () => api('/api/github/connection', { method: 'DELETE' })).then(load)}>Disconnect</button>}
          </div>
        ) : (
          <div class="stack">
            <p>Connect a GitHub account to browse repositories and to let tasks push branches.</p>
            {conn?.oauthAvailable
              ? <a class="button primary" id="gh-connect" href="/api/github/connect">Connect with GitHub</a>
              : conn && <p class="hint" id="gh-no-oauth">Signing in with GitHub is not set up on this server (its operator sets
                  GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET); a personal access token works.</p>}
            <form class="row" onSubmit={saveToken}>
              <label for="gh-token">{conn?.oauthAvailable ? 'or a personal access token' : 'Personal access token'}</label>
              <input id="gh-token" type="password" autocomplete="off" required value={token} onInput={(e) => setToken((e.target as HTMLInputElement).value)} />
              <button type="submit">Save token</button>
            </form>
          </div>
        )}
      </Panel>
      {conn?.connected && (
        <div class="files-layout">
          <Panel title="Repositories">
            <form class="row" onSubmit={(e) => { e.preventDefault(); listRepos(owner); }}>
              <label for="gh-owner">Owner</label>
              <input id="gh-owner" list="gh-owners" value={owner} onInput={(e) => setOwner((e.target as HTMLInputElement).value)} />
              <datalist id="gh-owners">{conn.login && <option value={conn.login} />}{orgs.map((o) => <option key={o.login} value={o.login} />)}</datalist>
              <button type="submit">List</button>
            </form>
            <ul class="list">
              {repos.map((r) => (
                <li key={r.full_name}>
                  <button type="button" class="tree-node" onClick={() => browse(r, '')}>{r.full_name}{r.private ? ' 🔒' : ''}</button>
                  <span class="muted"> {r.language ?? ''} {r.description ?? ''}</span>
                  <a href={`#/tasks?repo=${encodeURIComponent(r.clone_url)}`} class="small">task…</a>
                </li>
              ))}
            </ul>
          </Panel>
          <Panel title={repo ? `${repo.full_name}/${file?.path ?? path}` : 'Browse'}>
            {repo && (
              <>
                {(path || file) && <button type="button" onClick={() => browse(repo, file ? path : path.split('/').slice(0, -1).join('/'))}>Up</button>}
                {file ? <CodeEditor label={`Contents of ${file.path}`} value={file.content} path={file.path} readOnly />
                  : (
                    <ul class="list">
                      {entries.map((e) => <li key={e.path}><button type="button" class="tree-node" onClick={() => browse(repo, e.path)}>{e.type === 'dir' ? `${e.name}/` : e.name}</button></li>)}
                    </ul>
                  )}
              </>
            )}
            {!repo && <p class="muted">Choose a repository.</p>}
          </Panel>
        </div>
      )}
    </div>
  );
}
