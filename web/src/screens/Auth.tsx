import { useState } from 'preact/hooks';
import { api, User } from '../api';
import { ErrorBox, useAction } from '../components/ui';

export function AuthScreen({ onSignedIn }: { onSignedIn: (u: User) => void }) {
  const [mode, setMode] = useState<'login' | 'signup'>('login');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();

  async function submit(e: Event) {
    e.preventDefault();
    const res = await run(mode === 'login' ? 'Signing in…' : 'Creating your account…', () =>
      api<{ user: User }>(`/api/auth/${mode}`, { method: 'POST', body: { email, password }, noRefresh: true }));
    if (res) onSignedIn(res.user);
  }

  return (
    <main class="auth" id="main">
      <form class="card" onSubmit={submit} aria-labelledby="auth-title">
        <h2 id="auth-title">{mode === 'login' ? 'Sign in' : 'Create an account'}</h2>
        <label for="email">Email</label>
        <input id="email" type="email" autocomplete="email" required value={email}
          onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
        <label for="password">Password</label>
        <input id="password" type="password" required minLength={8}
          autocomplete={mode === 'login' ? 'current-password' : 'new-password'} value={password}
          onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
        {mode === 'signup' && <p class="hint">At least 8 characters, not a common password.</p>}
        <ErrorBox error={error} id="auth-error" />
        <button type="submit" class="primary" id="auth-submit" disabled={!!busy}>
          {busy ?? (mode === 'login' ? 'Sign in' : 'Sign up')}
        </button>
        <button type="button" class="link" id="auth-switch" onClick={() => setMode(mode === 'login' ? 'signup' : 'login')}>
          {mode === 'login' ? 'No account yet? Sign up' : 'Have an account? Sign in'}
        </button>
      </form>
    </main>
  );
}
