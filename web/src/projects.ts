// Projects on the server (issue 20): types of /api/projects/** and /api/shared/**, and the project chat
// the Chat screen continues (kept per tab, so a reload stays in the same chat).
import { api, CellResult, Fragment, RuntimeError } from './api';
import { chatSandbox, killSandbox, setChatSandbox } from './sandboxes';

export interface Project { id: string; name: string; template: string; currentVersion: number | null; createdAt: string; updatedAt: string }
export interface ProjectChat { id: string; projectId: string; title: string; messageCount: number; createdAt: string; updatedAt: string }
export interface Attachment { type: 'image' | 'file'; sha256?: string; mediaType?: string; url?: string; path?: string }
export interface StoredMessage {
  seq: number; role: 'user' | 'assistant'; status: 'sent' | 'failed' | 'done'; content: string;
  attachments: Attachment[]; version: number | null; fragment: Fragment | null; createdAt: string;
}
export interface VersionSummary {
  number: number; title: string | null; template: string | null; filePath: string | null; source: 'chat' | 'restore' | 'import';
  restoredFrom: number | null; chatId: string | null; hasResult: boolean; createdAt: string;
}
export interface StoredCell extends CellResult { blobs?: Record<string, string>; urls?: Record<string, string> }
export interface StoredResult {
  id?: string; sandboxId?: string; version: number; template: string; previewUrl: string | null;
  stdout: string | null; stderr: string | null; runtimeError: RuntimeError | null; cellResults: StoredCell[]; createdAt: string;
}
export interface Version extends VersionSummary { fragment: Fragment; result: StoredResult | null }
export interface Share { id: string; version: number; path: string; active: boolean; createdAt: string; revokedAt: string | null }
export interface SharedView {
  id: string; version: number; title: string | null; description: string | null; template: string | null; filePath: string;
  code: string; createdAt: string; result: StoredResult | null;
}

const base = (id: string) => `/api/projects/${encodeURIComponent(id)}`;

export const projects = {
  list: (q: string, cursor?: string | null) =>
    api<{ projects: Project[]; nextCursor: string | null }>(`/api/projects?limit=50${q ? `&q=${encodeURIComponent(q)}` : ''}${cursor ? `&cursor=${cursor}` : ''}`),
  create: (name: string, template: string) => api<Project>('/api/projects', { method: 'POST', body: { name, template } }),
  get: (id: string) => api<Project & { chats: ProjectChat[] }>(base(id)),
  rename: (id: string, name: string) => api<Project>(base(id), { method: 'PATCH', body: { name } }),
  remove: (id: string) => api(base(id), { method: 'DELETE' }),
  newChat: (id: string, title?: string) => api<ProjectChat>(`${base(id)}/chats`, { method: 'POST', body: title ? { title } : {} }),
  messages: (id: string, chatId: string) =>
    api<{ chat: ProjectChat; messages: StoredMessage[] }>(`${base(id)}/chats/${encodeURIComponent(chatId)}/messages`),
  versions: (id: string) => api<{ current: number | null; versions: VersionSummary[] }>(`${base(id)}/versions`),
  version: (id: string, n: number) => api<Version>(`${base(id)}/versions/${n}`),
  diff: (id: string, from: number, to: number) =>
    api<{ added: number; removed: number; unified: string }>(`${base(id)}/diff?from=${from}&to=${to}`),
  restore: (id: string, n: number) => api<Version>(`${base(id)}/versions/${n}/restore`, { method: 'POST' }),
  run: (id: string, n: number, sbxId?: string | null) =>
    api<StoredResult>(`${base(id)}/versions/${n}/run`, { method: 'POST', body: sbxId ? { sbxId } : {} }),
  shares: (id: string) => api<{ shares: Share[] }>(`${base(id)}/shares`),
  share: (id: string, version: number) => api<Share>(`${base(id)}/shares`, { method: 'POST', body: { version } }),
  revoke: (id: string, shareId: string) => api(`${base(id)}/shares/${encodeURIComponent(shareId)}`, { method: 'DELETE' }),
  toWorkspace: (id: string) => api<{ folder: string; files: string[] }>(`${base(id)}/workspace`, { method: 'POST', body: {} }),
  exportUrl: (id: string) => `${base(id)}/export`,
  shared: (shareId: string) => api<SharedView>(`/api/shared/${encodeURIComponent(shareId)}`, { noRefresh: true }),
};

/** The project chat the Chat screen is in, for this tab. */
export interface ActiveChat { projectId: string; projectName: string; chatId: string | null }

const KEY = 'codingit-project-chat';

export function activeChat(): ActiveChat | null {
  try {
    const v = sessionStorage.getItem(KEY);
    return v ? (JSON.parse(v) as ActiveChat) : null;
  } catch {
    return null;
  }
}

export function setActiveChat(chat: ActiveChat | null) {
  if (chat) sessionStorage.setItem(KEY, JSON.stringify(chat));
  else sessionStorage.removeItem(KEY);
}

/** A stored result in the shape the Results view shows (images by URL instead of inline). */
export function asRunResult(r: StoredResult) {
  return {
    sbxId: r.sandboxId ?? '', template: r.template, url: r.previewUrl ?? undefined, stdout: r.stdout ?? '', stderr: r.stderr ?? '',
    runtimeError: r.runtimeError, cellResults: r.cellResults, storedAt: r.createdAt,
  };
}

/**
 * Runs a stored version in the chat's sandbox (one sandbox per chat, as the chat's own runs): the server takes
 * the run there when it can (live, same template, not a web app), else in a new sandbox, which becomes the
 * chat's and the old one is killed.
 */
export async function runVersionInChatSandbox(projectId: string, n: number): Promise<StoredResult> {
  const old = chatSandbox();
  const stored = await projects.run(projectId, n, old);
  if (stored.sandboxId && stored.sandboxId !== old) {
    if (old) await killSandbox(old);
    setChatSandbox(stored.sandboxId);
  }
  return stored;
}
