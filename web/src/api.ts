// The HTTP layer: same-origin fetches authenticated by the server's HttpOnly session cookies
// (codingit_access, refreshed once through codingit_refresh on a 401), errors turned into words.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly retryAfter?: number,
    readonly body?: any,
  ) {
    super(message);
  }
}

/** A message a person understands, for any failure. */
export function humanError(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 429) {
      // the server's message ends "Retry in N seconds."; the wait is said once, in minutes and seconds, below
      const message = (e.message || 'Too many requests.').replace(/\s*Retry in \d+ seconds?\.?\s*$/, '');
      // the sandbox limit's message says what to do (kill one, or wait until one expires): no "try again" of ours
      if (e.code === 'sandbox_limit') return message;
      const wait = e.retryAfter != null ? ` Try again in ${formatWait(e.retryAfter)}.` : ' Try again in a moment.';
      return `${message}${/[.!?]$/.test(message) ? '' : '.'}${wait}`;
    }
    if (e.status === 0) return 'The server cannot be reached. Is it running?';
    if (e.status >= 500 && !e.message) return 'The server had a problem. Please try again.';
    return e.message || `Request failed (${e.status}).`;
  }
  if (e instanceof DOMException && e.name === 'AbortError') return 'Stopped.';
  if (e instanceof Error) return e.message;
  return String(e);
}

export function formatWait(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const m = Math.floor(seconds / 60), s = Math.round(seconds % 60);
  return s ? `${m} min ${s} s` : `${m} min`;
}

let refreshing: Promise<boolean> | null = null;

/** One refresh at a time: the server treats two parallel refreshes of a token as reuse. */
function refreshSession(): Promise<boolean> {
  if (!refreshing) {
    refreshing = fetch('/api/auth/refresh', { method: 'POST', credentials: 'same-origin' })
      .then((r) => r.ok)
      .catch(() => false)
      .finally(() => setTimeout(() => (refreshing = null), 0));
  }
  return refreshing;
}

export let onSessionLost: () => void = () => {};
export function setSessionLostHandler(handler: () => void) {
  onSessionLost = handler;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** sent as it is (a file), with the Content-Type given in headers */
  rawBody?: Blob;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** don't try a refresh on 401 (the auth routes themselves) */
  noRefresh?: boolean;
}

/** fetch with JSON body, one refresh-and-retry on 401, and {error, message} bodies thrown as ApiError. */
export async function raw(path: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...(opts.headers || {}) };
  let body: BodyInit | undefined;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  } else if (opts.rawBody !== undefined) {
    body = opts.rawBody;
  }
  const send = () =>
    fetch(path, { method: opts.method || 'GET', headers, body, credentials: 'same-origin', signal: opts.signal });
  let res: Response;
  try {
    res = await send();
    if (res.status === 401 && !opts.noRefresh && (await refreshSession())) res = await send();
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'The server cannot be reached. Is it running?');
  }
  if (!res.ok) throw await toError(res, opts.noRefresh);
  return res;
}

export async function toError(res: Response, quiet?: boolean): Promise<ApiError> {
  let data: any = null;
  const text = await res.text().catch(() => '');
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  const retry = res.headers.get('Retry-After');
  const message =
    (data && typeof data.message === 'string' && data.message) ||
    (res.status === 401 ? 'Please sign in again.' : res.status === 404 ? 'Not found.' : `Request failed (${res.status}).`);
  if (res.status === 401 && !quiet) onSessionLost();
  return new ApiError(res.status, message, data?.code, retry != null ? Number(retry) : undefined, data);
}

export async function api<T = any>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await raw(path, opts);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Reads a text/event-stream response (POST streams cannot use EventSource). */
export async function readEvents(res: Response, onEvent: (event: string, data: string, id?: string) => void) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = 'message', data: string[] = [], id: string | undefined;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      let line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line === '') {
        if (data.length) onEvent(event, data.join('\n'), id);
        event = 'message';
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let val = colon < 0 ? '' : line.slice(colon + 1);
      if (val.startsWith(' ')) val = val.slice(1);
      if (field === 'event') event = val;
      else if (field === 'data') data.push(val);
      else if (field === 'id') id = val;
    }
  }
  if (data.length) onEvent(event, data.join('\n'), id);
}

// ---- shapes of the API ----

export interface User { id: string; email: string; created_at?: string }
export interface Model {
  id: string; name: string; provider: string; providerId: string; multiModal?: boolean; configured?: boolean;
  /** why the server cannot serve it without the caller's own key or base URL ("needs a key", "not running at …") */
  unavailable?: string | null;
}
export interface Template {
  id: string; name: string; file?: string; port?: number | null; ready?: boolean; libraries?: string[];
  /** "ready", "prepared on first use (about N s)", "being prepared (N %)" or "not available on this server: reason" */
  state?: string;
}
export interface Fragment {
  commentary?: string; template?: string; title?: string; description?: string;
  additional_dependencies?: string[]; has_additional_dependencies?: boolean; install_dependencies_command?: string;
  port?: number | null; file_path?: string; code?: string;
}
export interface FileNode { name: string; path: string; isDirectory: boolean; children?: FileNode[] }
export interface CellResult {
  text?: string; html?: string; markdown?: string; svg?: string; png?: string; jpeg?: string;
  latex?: string; json?: unknown; isMainResult?: boolean;
  /** a stored result's images: where each representation is fetched (png, jpeg, svg, ...) */
  urls?: Record<string, string>;
}
export interface RuntimeError { name: string; value: string; traceback: string }
export interface RunResult {
  sbxId: string; template: string; url?: string; stdout?: string | string[]; stderr?: string | string[];
  runtimeError?: RuntimeError | null; cellResults?: CellResult[]; files?: FileNode[];
  /** set when the result was read back from a project rather than just run */
  storedAt?: string;
  /** the run went into the sandbox it named (POST /api/sandbox with sbxId) */
  reused?: boolean;
  /** a live run still going (output so far) */
  running?: boolean;
  /** the dependency installer's output, streamed while the sandbox is prepared (install events) */
  install?: string;
  /** the installer is still running */
  installing?: boolean;
  /** the install failed (the error is shown beside it) */
  installFailed?: boolean;
}
export interface LlmChoice { modelId: string; providerId: string; apiKey: string; baseURL: string }

export function llmBody(choice: LlmChoice) {
  const config: Record<string, unknown> = { model: choice.modelId };
  if (choice.apiKey.trim()) config.apiKey = choice.apiKey.trim();
  if (choice.baseURL.trim()) config.baseURL = choice.baseURL.trim();
  return { model: { id: choice.modelId, providerId: choice.providerId }, config };
}

// ---- the caller's own model settings, shared by Chat and Tasks ----

/** The caller's own API key: this tab's memory only, never stored. */
let ownApiKey = '';
const BASE_URL_KEY = 'codingit-base-url';
export const modelSettings = {
  apiKey: () => ownApiKey,
  setApiKey: (v: string) => { ownApiKey = v; },
  /** the base URL is no secret: kept for the tab (sessionStorage) */
  baseURL: () => sessionStorage.getItem(BASE_URL_KEY) ?? '',
  setBaseURL: (v: string) => sessionStorage.setItem(BASE_URL_KEY, v),
};
