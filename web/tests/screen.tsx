/**
 * Rendering a screen as a person sees it, in jsdom (the test file says
 * `// @vitest-environment jsdom`), against answers given per route instead of the API:
 * `serve({ 'GET /audit': page })`. The app's own API client makes the calls.
 */
import type { ComponentChildren } from 'preact';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { vi } from 'vitest';
import type { Session } from '../shared/api/session';
import { I18nProvider, type Catalogs, type Lang } from '../shared/i18n';

/** A JSON body, a function of the URL giving one, a Response, or a promise of any of them. */
type Answer = unknown;

export interface Served {
  /** Every call made, as `GET /audit?limit=50`. */
  calls: string[];
  /** The JSON bodies sent, by method, in order: `served.bodies.PUT`. */
  bodies: Record<'POST' | 'PUT' | 'PATCH' | 'DELETE', unknown[]>;
}

/** Answers the app's fetches by `METHOD /path`; any other call gets a 404 in the API's shape. */
export function serve(routes: Record<string, Answer>): Served {
  const served: Served = { calls: [], bodies: { POST: [], PUT: [], PATCH: [], DELETE: [] } };
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://app.test/');
    const path = url.pathname.replace(/^\/api/, '');
    const method = (init.method ?? 'GET').toUpperCase();
    served.calls.push(`${method} ${path}${url.search}`);
    if (method in served.bodies && typeof init.body === 'string') served.bodies[method as keyof Served['bodies']].push(JSON.parse(init.body));
    const route = `${method} ${path}`;
    if (!(route in routes)) return json(404, { error: { code: 'not_found', message: 'Not found', details: [] } });
    let answer = routes[route];
    if (typeof answer === 'function') answer = (answer as (url: URL) => unknown)(url);
    answer = await answer;
    return answer instanceof Response ? answer : json(200, answer);
  });
  return served;
}

/** An answer that never comes: the screen stays as it is while it waits. */
export const never = () => new Promise<never>(() => undefined);

export const page = <T,>(items: T[], next_cursor: string | null = null) => ({ items, next_cursor });

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Starts an account session on the app's own session, as after signing in. */
export function signIn(session: Session) {
  session.start(
    { access_token: 'test.access', refresh_token: 'test.refresh', expires_at: new Date(Date.now() + 15 * 60_000).toISOString(), token_type: 'Bearer' },
    'account',
  );
}

/** Renders `node` in `lang` and lets the answers it asked for arrive. */
export async function show<K extends string>(catalogs: Catalogs<K>, node: ComponentChildren, lang: Lang = 'pt-BR') {
  const root = document.createElement('div');
  document.body.append(root);
  await act(() =>
    render(
      <I18nProvider catalogs={catalogs} lang={lang} setLang={() => undefined}>
        {node}
      </I18nProvider>,
      root,
    ),
  );
  await settle();
  return root;
}

/** Lets pending answers arrive and the screen render them. */
export async function settle() {
  for (let round = 0; round < 5; round++) await act(() => new Promise<void>((done) => setTimeout(done, 0)));
}
