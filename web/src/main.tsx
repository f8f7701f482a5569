import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './app.css';
import { adoptStyles } from './cspStyles';
import { api, setSessionLostHandler, User, RunResult, Fragment } from './api';
import { AuthScreen } from './screens/Auth';
import { AccountScreen } from './screens/Account';
import { ChatScreen } from './screens/Chat';
import { FilesScreen } from './screens/Files';
import { TerminalScreen } from './screens/TerminalScreen';
import { GitHubScreen } from './screens/GitHub';
import { TasksScreen } from './screens/Tasks';
import { ProjectsScreen } from './screens/Projects';
import { setActiveChat } from './projects';
import { SharedScreen } from './screens/Shared';
import { SandboxesScreen } from './screens/Sandboxes';
import { endChatSandbox, findChatSandbox, shortenOnPageHide } from './sandboxes';
import { Busy } from './components/ui';

/** What the screens share: the fragment being worked on and the sandbox it last ran in. */
export interface Workbench {
  fragment: Fragment | null;
  result: RunResult | null;
  setFragment: (f: Fragment | null) => void;
  setResult: (r: RunResult | null) => void;
}

const routes = [
  ['chat', 'Chat'], ['projects', 'Projects'], ['files', 'Files'], ['terminal', 'Terminal'], ['sandboxes', 'Sandboxes'], ['github', 'GitHub'], ['tasks', 'Tasks'], ['account', 'Account'],
] as const;
type Route = (typeof routes)[number][0];

function currentRoute(): Route {
  const r = location.hash.replace(/^#\/?/, '').split('?')[0].split('/')[0];
  return (routes.find(([id]) => id === r)?.[0] ?? 'chat') as Route;
}

/** The second part of the hash path (#/projects/<id>, #/shared/<id>), or null. */
function routeParam(): string | null {
  const parts = location.hash.replace(/^#\/?/, '').split('?')[0].split('/');
  return parts[1] ? decodeURIComponent(parts[1]) : null;
}

/** #/shared/<id>: a share link, shown to anyone, signed in or not. */
function sharedId(): string | null {
  return location.hash.startsWith('#/shared/') ? routeParam() : null;
}

function applyTheme(theme: string) {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  localStorage.setItem('codingit-theme', theme);
  window.dispatchEvent(new Event('codingit-theme'));
}

function App() {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [route, setRoute] = useState<Route>(currentRoute());
  const [param, setParam] = useState<string | null>(routeParam());
  const [shared, setShared] = useState<string | null>(sharedId());
  const [theme, setTheme] = useState(localStorage.getItem('codingit-theme') || 'system');
  const [fragment, setFragment] = useState<Fragment | null>(null);
  const [result, setResult] = useState<RunResult | null>(null);
  const bench: Workbench = { fragment, result, setFragment, setResult };

  useEffect(() => {
    setSessionLostHandler(() => setUser(null));
    api<User>('/api/auth/me', { noRefresh: false }).then((u) => { setUser(u); findChatSandbox(); }, () => setUser(null));
    shortenOnPageHide();
    const onHash = () => { setRoute(currentRoute()); setParam(routeParam()); setShared(sharedId()); };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => applyTheme(theme), [theme]);
  useEffect(() => {
    const label = routes.find(([id]) => id === route)?.[1];
    document.title = `${label} · CodingIT`;
    document.getElementById('main')?.focus();
  }, [route]);

  const themeSelect = (
    <label class="theme">
      <span>Theme</span>
      <select value={theme} onChange={(e) => setTheme((e.target as HTMLSelectElement).value)}>
        <option value="system">System</option><option value="light">Light</option><option value="dark">Dark</option>
      </select>
    </label>
  );

  if (shared) {
    return (
      <div class="shell">
        <header class="top"><h1 class="brand"><a href="#/">CodingIT</a></h1><span class="muted">shared fragment</span>{themeSelect}</header>
        <SharedScreen shareId={shared} />
      </div>
    );
  }
  if (user === undefined) return <main class="center"><Busy label="Loading…" /></main>;
  if (user === null) {
    return (
      <div class="shell">
        <header class="top"><h1 class="brand">CodingIT</h1>{themeSelect}</header>
        <AuthScreen onSignedIn={setUser} />
      </div>
    );
  }

  async function logout() {
    await endChatSandbox();
    await api('/api/auth/logout', { method: 'POST', noRefresh: true }).catch(() => {});
    setUser(null);
    setActiveChat(null);
    setFragment(null);
    setResult(null);
  }

  return (
    <div class="shell">
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <h1 class="brand">CodingIT</h1>
        <nav aria-label="Screens">
          {routes.map(([id, label]) => (
            <a key={id} href={`#/${id}`} id={`nav-${id}`} aria-current={route === id ? 'page' : undefined}>{label}</a>
          ))}
        </nav>
        <span class="who" id="who">{user.email}</span>
        {themeSelect}
        <button type="button" id="logout" onClick={logout}>Sign out</button>
      </header>
      <main id="main" tabIndex={-1}>
        {route === 'chat' && <ChatScreen bench={bench} />}
        {route === 'projects' && <ProjectsScreen projectId={param} />}
        {route === 'files' && <FilesScreen bench={bench} />}
        {route === 'terminal' && <TerminalScreen bench={bench} />}
        {route === 'sandboxes' && <SandboxesScreen />}
        {route === 'github' && <GitHubScreen />}
        {route === 'tasks' && <TasksScreen />}
        {route === 'account' && <AccountScreen user={user} />}
      </main>
    </div>
  );
}

// CodeMirror's style-mod puts its generated rules into a <style> in <head>: see cspStyles.ts
adoptStyles(document.head);
render(<App />, document.getElementById('app')!);
