import { Api } from '../shared/api/client';
import { Session } from '../shared/api/session';

export class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

export interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | 'offline';

/** An Api over a scripted fetch: each reply answers the next call. */
export function scriptedApi(replies: Reply[]) {
  const calls: Call[] = [];
  const fetcher = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    calls.push({
      url,
      method: init.method ?? 'GET',
      headers: (init.headers ?? {}) as Record<string, string>,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    const reply = replies.shift();
    if (!reply) throw new Error('unexpected call ' + url);
    if (reply === 'offline') throw new TypeError('Failed to fetch');
    const text = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    return new Response(reply.status === 204 ? null : text, { status: reply.status, headers: reply.headers });
  };
  const local = new MemoryStorage();
  const tab = new MemoryStorage();
  const session: Session = new Session('test', (refresh_token) => api.post('/auth/refresh', { body: { refresh_token } }), local, tab);
  const api: Api = new Api(session, '/api', fetcher);
  return { api, session, calls, local, tab };
}

export const pair = (access: string, refresh: string | null = 'firm.sess.secret1', minutes = 15) => ({
  access_token: access,
  refresh_token: refresh,
  expires_at: new Date(Date.now() + minutes * 60_000).toISOString(),
  token_type: 'Bearer' as const,
});

export const apiError = (status: number, code: string, details: { path: string; message: string; type?: string }[] = []) => ({
  status,
  body: { error: { code, message: 'English message', details } },
});
