import { useEffect, useState } from 'preact/hooks';
import { api, User } from '../api';
import { ErrorBox, Panel, useAction, Busy } from '../components/ui';

interface Token { id: string; name: string; prefix: string; created_at: string; last_used_at?: string | null; expires_at?: string | null }

export function AccountScreen({ user }: { user: User }) {
  const [tokens, setTokens] = useState<Token[]>([]);
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [mcpSecret, setMcpSecret] = useState<string | null>(null);
  const { busy, error, run } = useAction();

  const load = () => run('Loading tokens…', async () => setTokens(await api<Token[]>('/api/auth/tokens')));
  useEffect(() => { load(); }, []);

  async function create(e: Event) {
    e.preventDefault();
    const body: Record<string, unknown> = { name };
    if (days) body.expiresInDays = Number(days);
    const t = await run('Creating token…', () => api<Token & { token: string }>('/api/auth/tokens', { method: 'POST', body }));
    if (t) { setSecret(t.token); setName(''); setDays(''); load(); }
  }

  async function createForMcp() {
    const t = await run('Creating token…', () => api<Token & { token: string }>('/api/auth/tokens',
      { method: 'POST', body: { name: 'MCP client' } }));
    if (t) { setMcpSecret(t.token); load(); }
  }

  return (
    <div class="page">
      <Panel title="You">
        <dl class="facts">
          <dt>Email</dt><dd id="me-email">{user.email}</dd>
          <dt>User id</dt><dd><code>{user.id}</code></dd>
          {user.created_at && <><dt>Member since</dt><dd>{new Date(user.created_at).toLocaleString()}</dd></>}
        </dl>
      </Panel>
      <Panel title="MCP server">
        <p class="hint">Coding agents (Claude Code, Cursor, VS Code) use your sandboxes, files and the apply engine as
          tools through this URL with a personal API token. See docs/mcp.md for other clients.</p>
        <dl class="facts"><dt>URL</dt><dd><code id="mcp-url">{mcpUrl()}</code></dd></dl>
        <button type="button" id="mcp-token-create" disabled={!!busy} onClick={createForMcp}>Create a token for MCP</button>
        <p>Claude Code:</p>
        <code class="secret" id="mcp-config">{claudeCommand(mcpSecret ?? '<token>')}</code>
        {mcpSecret && <button type="button" onClick={() => navigator.clipboard?.writeText(claudeCommand(mcpSecret))}>Copy</button>}
        {mcpSecret && <p class="hint">The token is in the command above and will not be shown again.</p>}
      </Panel>
      <Panel title="Personal API tokens">
        <p class="hint">For scripts and tools: send <code>Authorization: Bearer &lt;token&gt;</code>. The secret is shown once.</p>
        <form class="row" onSubmit={create}>
          <label for="token-name">Name</label>
          <input id="token-name" required maxLength={100} value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
          <label for="token-days">Expires in days (optional)</label>
          <input id="token-days" type="number" min={1} max={3650} value={days} onInput={(e) => setDays((e.target as HTMLInputElement).value)} />
          <button type="submit" class="primary" id="token-create" disabled={!!busy}>Create token</button>
        </form>
        {secret && (
          <div class="notice" role="status">
            <p>Your new token (copy it now, it will not be shown again):</p>
            <code class="secret" id="token-secret">{secret}</code>
            <button type="button" onClick={() => navigator.clipboard?.writeText(secret)}>Copy</button>
            <button type="button" onClick={() => setSecret(null)}>Done</button>
          </div>
        )}
        <ErrorBox error={error} />
        {busy && <Busy label={busy} />}
        <table class="grid" id="tokens">
          <caption class="sr-only">Your API tokens</caption>
          <thead><tr><th>Name</th><th>Prefix</th><th>Created</th><th>Last used</th><th>Expires</th><th><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {tokens.length === 0 && <tr><td colSpan={6} class="muted">No tokens yet.</td></tr>}
            {tokens.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td><td><code>{t.prefix}…</code></td><td>{fmt(t.created_at)}</td>
                <td>{t.last_used_at ? fmt(t.last_used_at) : 'never'}</td><td>{t.expires_at ? fmt(t.expires_at) : 'never'}</td>
                <td><button type="button" class="danger" aria-label={`Delete token ${t.name}`}
                  onClick={() => confirm(`Delete token "${t.name}"? Programs using it stop working.`) &&
                    run('Deleting…', () => api(`/api/auth/tokens/${t.id}`, { method: 'DELETE' })).then(load)}>Delete</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
    </div>
  );
}

function mcpUrl() {
  return `${location.origin}/mcp`;
}

function claudeCommand(token: string) {
  return `claude mcp add --transport http codingit ${mcpUrl()} --header "Authorization: Bearer ${token}"`;
}

export function fmt(iso?: string | null) {
  return iso ? new Date(iso).toLocaleString() : '';
}
