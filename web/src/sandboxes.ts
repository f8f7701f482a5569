// One sandbox per chat: runs go into the chat's sandbox (POST /api/sandbox with sbxId), a reload
// finds it again (its id is kept in this tab's sessionStorage), a new chat kills it, and closing the
// tab shortens its life to a minute (a reload within that minute gives it its full life back).
import { api, ApiError, raw, readEvents, Fragment, RunResult } from './api';

const KEY = 'codingit-chat-sandbox';
/** How long the chat's sandbox outlives a closed tab: enough for a reload to find it. */
const AFTER_CLOSE_SECONDS = 60;
/** The life a found or extended sandbox gets (the server's default timeout). */
export const LIFE_SECONDS = 600;

export interface SandboxView {
  sbxId: string; template: string; createdAt: string; expiresAt: string;
  /** running or paused (a paused sandbox's expiresAt is when it is deleted) */
  state: string; lastUsedAt?: string; diskBytes: number;
  /** why a paused sandbox is paused (its owner, its timeout, a server restart, with any quota note) */
  pauseReason?: string;
}

export function chatSandbox(): string | null {
  return sessionStorage.getItem(KEY);
}

export function setChatSandbox(id: string | null) {
  if (id) sessionStorage.setItem(KEY, id);
  else sessionStorage.removeItem(KEY);
  window.dispatchEvent(new Event('codingit-chat-sandbox'));
}

/**
 * Runs the fragment in the chat's sandbox (or a new one); a replaced sandbox (another template) is killed.
 * The answer is streamed (Accept: text/event-stream): the dependency installer's output comes as `install`
 * events, handed to {@code onInstall} as it comes, then one `result` event, or an `error` event (a failed
 * install: `install_failed`, its message ending with the installer's last lines), thrown as an ApiError.
 */
export async function runInChatSandbox(fragment: unknown, onInstall?: (text: string) => void): Promise<RunResult> {
  const old = chatSandbox();
  const res = await raw('/api/sandbox', {
    method: 'POST', headers: { Accept: 'text/event-stream' }, body: { fragment, ...(old ? { sbxId: old } : {}) },
  });
  let result: RunResult | null = null;
  let failure: ApiError | null = null;
  await readEvents(res, (event, data) => {
    const d = JSON.parse(data);
    if (event === 'install') onInstall?.(d.text ?? '');
    else if (event === 'result') { const { type: _type, ...rest } = d; result = rest as RunResult; }
    else if (event === 'error') failure = new ApiError(d.code === 'sandbox_limit' ? 429 : 400, d.message, d.code, undefined, d);
  });
  if (failure) throw failure;
  if (!result) throw new ApiError(0, 'The connection closed before the sandbox answered. Please run again.');
  const made: RunResult = result;
  if (old && made.sbxId !== old) await killSandbox(old);
  setChatSandbox(made.sbxId);
  return made;
}

/** Whether the fragment asks for dependencies (installed by POST /api/sandbox before its code runs). */
export function hasDependencies(f: Fragment): boolean {
  return !!(f.has_additional_dependencies && (f.install_dependencies_command?.trim() || f.additional_dependencies?.length));
}

export async function killSandbox(id: string) {
  await api(`/api/sandbox/${encodeURIComponent(id)}`, { method: 'DELETE' }).catch(() => {});
  if (chatSandbox() === id) setChatSandbox(null);
}

/** A new chat: the old chat's sandbox goes. */
export async function endChatSandbox() {
  const id = chatSandbox();
  if (id) await killSandbox(id);
}

/** Saves the sandbox's home and stops it; using it again (or Resume) brings it back, without interpreter variables. */
export function pauseSandbox(id: string) {
  return api<SandboxView>(`/api/sandbox/${encodeURIComponent(id)}/pause`, { method: 'POST' });
}

export function resumeSandbox(id: string) {
  return api<SandboxView>(`/api/sandbox/${encodeURIComponent(id)}/resume`, { method: 'POST' });
}

export function extendSandbox(id: string, seconds = LIFE_SECONDS) {
  return api<SandboxView>(`/api/sandbox/${encodeURIComponent(id)}/timeout`, { method: 'POST', body: { seconds } });
}

/** At start: the chat's sandbox, if it still lives, gets its full life back; otherwise it is forgotten. */
export async function findChatSandbox(): Promise<string | null> {
  const id = chatSandbox();
  if (!id) return null;
  try {
    await extendSandbox(id);
    return id;
  } catch {
    setChatSandbox(null);
    return null;
  }
}

/** When the tab goes away (closed or reloaded), the chat's sandbox gets a minute to be found again. */
export function shortenOnPageHide() {
  window.addEventListener('pagehide', () => {
    const id = chatSandbox();
    if (!id) return;
    fetch(`/api/sandbox/${encodeURIComponent(id)}/timeout`, {
      method: 'POST', keepalive: true, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ seconds: AFTER_CLOSE_SECONDS }),
    }).catch(() => {});
  });
}

/**
 * A code-interpreter run with its output as it comes: the file is written into the chat's sandbox
 * (created on first need) and run as a cell of its interpreter over Server-Sent Events
 * (POST /api/sandbox/{sbxId}/execute). {@code onUpdate} gets the result so far after every event; the
 * loop lives outside the screens, so leaving the Chat screen mid-run loses nothing.
 */
export async function runLive(fragment: Fragment, onUpdate: (r: RunResult) => void): Promise<RunResult> {
  let id = chatSandbox();
  if (id && !(await isInterpreter(id))) { await killSandbox(id); id = null; }
  // the sandbox is made (or, with dependencies, the chat's is asked to install them) through POST /api/sandbox,
  // whose install events show in the run's output as they come
  let install: string | undefined;
  if (!id || hasDependencies(fragment)) {
    const installing = (text: string) => {
      install = (install ?? '') + text;
      onUpdate({ sbxId: id ?? '', template: 'code-interpreter-v1', install, installing: true });
    };
    try {
      id = (await runInChatSandbox({ ...fragment, code: '' }, installing)).sbxId;
    } catch (e) {
      if (install != null) onUpdate({ sbxId: id ?? '', template: 'code-interpreter-v1', install, installFailed: true });
      throw e;
    }
  }
  const path = fragment.file_path || 'script.py';
  await api(`/api/sandbox/${encodeURIComponent(id!)}/files/content`, { method: 'POST', body: { path, content: fragment.code ?? '' } });
  const result: RunResult = { sbxId: id!, template: 'code-interpreter-v1', stdout: '', stderr: '', cellResults: [], runtimeError: null, running: true, install };
  const show = () => onUpdate({ ...result, cellResults: [...(result.cellResults ?? [])] });
  show();
  const res = await raw(`/api/sandbox/${encodeURIComponent(id!)}/execute`, {
    method: 'POST', headers: { Accept: 'text/event-stream' }, body: { code: fragment.code ?? '' },
  });
  await readEvents(res, (event, data) => {
    const d = JSON.parse(data);
    if (event === 'stdout') result.stdout += d.text;
    else if (event === 'stderr') result.stderr += d.text;
    else if (event === 'result') result.cellResults = [...(result.cellResults ?? []), d];
    else if (event === 'error') result.runtimeError = { name: d.name, value: d.value, traceback: d.traceback };
    else if (event === 'end') result.running = false;
    show();
  });
  result.running = false;
  show();
  return result;
}

async function isInterpreter(id: string): Promise<boolean> {
  try {
    return (await api<SandboxView>(`/api/sandbox/${encodeURIComponent(id)}`)).template === 'code-interpreter-v1';
  } catch {
    setChatSandbox(null);
    return false;
  }
}

/** Stop: a KeyboardInterrupt in the running cell; the interpreter and its variables stay. */
export function interruptRun(id: string) {
  return api<{ interrupted: boolean }>(`/api/sandbox/${encodeURIComponent(id)}/interrupt`, { method: 'POST' });
}
