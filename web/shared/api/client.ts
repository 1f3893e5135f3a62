/**
 * The one API client both apps use. Its types come from `schema.d.ts`, which
 * openapi-typescript generates from docs/openapi.json at every build: a change in the API
 * that breaks a screen fails `tsc --noEmit`.
 *
 * Calls go to `/api/...` on the page's own origin (CloudFront, or the local server, proxies
 * them to the API), so there is no CORS and the CSP can say `connect-src 'self'`.
 */
import { ApiError, type ErrorDetail } from './api-error';
import type { components, paths } from './schema';
import type { Session } from './session';

export { ApiError };

export type Schemas = components['schemas'];
export type TokenPair = Schemas['TokenPair'];

type Method = 'get' | 'post' | 'put' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type PathOf<M extends Method> = {
  [P in keyof paths]: paths[P][M] extends { responses: unknown } ? P : never;
}[keyof paths];

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : T extends { content?: never } ? void : unknown;
type Ok<R> = 200 extends keyof R ? Json<R[200]> : 201 extends keyof R ? Json<R[201]> : 202 extends keyof R ? Json<R[202]> : void;
type Result<P extends keyof paths, M extends Method> = Ok<Operation<P, M>['responses']>;

/** No option of this kind (an empty object type, as an intersection's neutral element). */
type NoOption = Record<never, never>;
// `[A] extends [undefined]` holds for `never` too: an operation that declares no such parameter.
type PathParams<O> = O extends { parameters: { path: infer A } } ? ([A] extends [undefined] ? NoOption : { path: A }) : NoOption;
type QueryParams<O> = O extends { parameters: { query?: infer Q } } ? ([Q] extends [undefined] ? NoOption : { query?: Q }) : NoOption;
type BodyParam<O> = O extends { requestBody: { content: { 'application/json': infer B } } } ? { body: B } : NoOption;
type Options<P extends keyof paths, M extends Method> = PathParams<Operation<P, M>> & QueryParams<Operation<P, M>> & BodyParam<Operation<P, M>>;

/** Codes after which the session is over, whatever the request was. */
const SESSION_ENDING_CODES = new Set(['access_blocked', 'access_removed']);

/** Routes that take no session token: sending one to them would only confuse 401 handling. */
export function isPublicPath(path: string): boolean {
  if (path.startsWith('/portals/') || path === '/unsubscribe') return true;
  return path.startsWith('/auth/') && path !== '/auth/sign-out' && path !== '/auth/password';
}

export function fillPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

export class Api {
  constructor(
    readonly session: Session,
    private readonly base = './api',
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
  ) {}

  get<P extends PathOf<'get'>>(path: P, ...options: Args<P, 'get'>): Promise<Result<P, 'get'>> {
    return this.call('get', path, options[0]);
  }
  post<P extends PathOf<'post'>>(path: P, ...options: Args<P, 'post'>): Promise<Result<P, 'post'>> {
    return this.call('post', path, options[0]);
  }
  put<P extends PathOf<'put'>>(path: P, ...options: Args<P, 'put'>): Promise<Result<P, 'put'>> {
    return this.call('put', path, options[0]);
  }
  delete<P extends PathOf<'delete'>>(path: P, ...options: Args<P, 'delete'>): Promise<Result<P, 'delete'>> {
    return this.call('delete', path, options[0]);
  }

  /** Ends this session on the server if it can be reached, and here in any case. */
  async signOut(): Promise<void> {
    await this.post('/auth/sign-out', { body: { everywhere: false } }).catch(() => undefined);
    this.session.clear();
  }

  private async call(method: Method, path: string, options: { path?: object; query?: object; body?: unknown } = {}): Promise<never> {
    let url = this.base + fillPath(path, options.path as Record<string, string>);
    const query = Object.entries(options.query ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== '');
    if (query.length) url += '?' + new URLSearchParams(query.map(([k, v]) => [k, String(v)])).toString();
    const init: RequestInit = { method: method.toUpperCase(), headers: { accept: 'application/json' } };
    if (options.body !== undefined) {
      init.body = JSON.stringify(options.body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    if (isPublicPath(path)) return this.send(url, init);

    const token = await this.session.accessToken();
    if (token === null) throw this.session.end('session_ended');
    try {
      return await this.send(url, withToken(init, token));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 401 && this.session.canRefresh) {
        const fresh = await this.session.accessToken({ force: true });
        if (fresh === null) throw this.session.end('session_ended');
        return this.send(url, withToken(init, fresh)).catch((again) => {
          throw this.endIfOver(again);
        });
      }
      throw this.endIfOver(error);
    }
  }

  private endIfOver(error: unknown): unknown {
    if (!(error instanceof ApiError)) return error;
    if (error.status === 401) return this.session.end('session_ended');
    if (error.status === 403 && SESSION_ENDING_CODES.has(error.code)) return this.session.end(error.code);
    return error;
  }

  /** One HTTP exchange; resolves with the JSON body (or undefined for 204), throws ApiError. */
  async send(url: string, init: RequestInit): Promise<never> {
    let response: Response;
    try {
      response = await this.fetcher(url, init);
    } catch {
      throw new ApiError(0, 'network', 'The request did not reach the server.');
    }
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (response.ok) return body as never;
    throw toApiError(response, body);
  }
}

type Args<P extends keyof paths, M extends Method> = NoOption extends Options<P, M> ? [options?: Options<P, M>] : [options: Options<P, M>];

function withToken(init: RequestInit, token: string): RequestInit {
  return { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` } };
}

function toApiError(response: Response, body: unknown): ApiError {
  const retryAfter = Number(response.headers.get('retry-after'));
  const retry = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null;
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  if (error && typeof error.code === 'string') {
    const details = Array.isArray(error.details) ? (error.details as ErrorDetail[]) : [];
    return new ApiError(response.status, error.code, typeof error.message === 'string' ? error.message : '', details, retry);
  }
  // Not our error shape (a proxy's 502, say): keep the status, never the raw body.
  return new ApiError(response.status, response.status >= 500 ? 'server_error' : 'http_' + response.status, response.statusText, [], retry);
}
