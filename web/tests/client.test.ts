import { describe, expect, it } from 'vitest';
import { ApiError, fillPath, isPublicPath } from '../shared/api/client';
import { apiError, pair, scriptedApi } from './support';

describe('Api', () => {
  it('fills path parameters, drops empty query values, and sends JSON bodies', async () => {
    const { api, session, calls } = scriptedApi([{ status: 200, body: { items: [], next_cursor: null } }]);
    session.start(pair('access-1'), 'account');
    await api.get('/clients', { query: { q: 'ma', cursor: null, limit: 25 } });
    expect(calls[0].url).toBe('/api/clients?q=ma&limit=25');
    expect(calls[0].headers.authorization).toBe('Bearer access-1');
    expect(fillPath('/clients/{client_id}/access', { client_id: 'a b' })).toBe('/clients/a%20b/access');
  });

  it('sends no session token to public routes', async () => {
    const { api, session, calls } = scriptedApi([{ status: 200, body: pair('x') }]);
    session.start(pair('access-1'), 'account');
    await api.post('/auth/{kind}/sign-in', { path: { kind: 'client' }, body: { portal: 'silva', email: 'a@b.co', password: 'p' } });
    expect(calls[0].url).toBe('/api/auth/client/sign-in');
    expect(calls[0].headers.authorization).toBeUndefined();
    expect(isPublicPath('/portals/{slug}')).toBe(true);
    expect(isPublicPath('/auth/sign-out')).toBe(false);
    expect(isPublicPath('/auth/password')).toBe(false);
  });

  it('turns the API error shape into an ApiError with details and Retry-After', async () => {
    const { api } = scriptedApi([
      { ...apiError(422, 'invalid_input', [{ path: 'email', message: 'bad', type: 'value_error' }]) },
      { ...apiError(429, 'rate_limited'), headers: { 'retry-after': '120' } },
    ]);
    const body = { portal: 'silva', email: 'x', password: 'p' };
    const invalid = await api.post('/auth/{kind}/sign-in', { path: { kind: 'client' }, body }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ApiError);
    expect(invalid).toMatchObject({ status: 422, code: 'invalid_input', details: [{ path: 'email' }] });
    const limited = await api.post('/auth/{kind}/sign-in', { path: { kind: 'client' }, body }).catch((e: unknown) => e);
    expect(limited).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 120 });
  });

  it('reports a lost connection and a non-JSON error without their raw content', async () => {
    const { api } = scriptedApi(['offline', { status: 502, body: '<html>Bad gateway</html>' }]);
    await expect(api.get('/portals/{slug}', { path: { slug: 'silva' } })).rejects.toMatchObject({ status: 0, code: 'network' });
    const error = (await api.get('/portals/{slug}', { path: { slug: 'silva' } }).catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('server_error');
    expect(error.message).not.toContain('html');
  });

  it('refreshes once on 401, retries, and keeps the rotated refresh token', async () => {
    const { api, session, calls, local } = scriptedApi([
      apiError(401, 'unauthenticated'),
      { status: 200, body: pair('access-2', 'firm.sess.secret2') },
      { status: 200, body: { kind: 'client' } },
    ]);
    session.start(pair('access-1'), 'account');
    await expect(api.get('/me')).resolves.toEqual({ kind: 'client' });
    expect(calls.map((c) => c.url)).toEqual(['/api/me', '/api/auth/refresh', '/api/me']);
    expect(calls[1].body).toEqual({ refresh_token: 'firm.sess.secret1' });
    expect(calls[2].headers.authorization).toBe('Bearer access-2');
    expect(local.getItem('test')).toContain('secret2');
  });

  it('refreshes before a request when the access token is about to expire', async () => {
    const { api, session, calls } = scriptedApi([
      { status: 200, body: pair('access-2', 'firm.sess.secret2') },
      { status: 200, body: {} },
    ]);
    session.start(pair('access-1', 'firm.sess.secret1', 0), 'account');
    await api.get('/me');
    expect(calls.map((c) => c.url)).toEqual(['/api/auth/refresh', '/api/me']);
  });

  it('ends the session when the refresh token is refused', async () => {
    const { api, session } = scriptedApi([apiError(401, 'unauthenticated'), apiError(401, 'unauthenticated')]);
    const reasons: (string | null)[] = [];
    session.start(pair('access-1'), 'account');
    session.subscribe((reason) => reasons.push(reason));
    await expect(api.get('/me')).rejects.toMatchObject({ code: 'session_ended' });
    expect(session.active).toBe(false);
    expect(reasons).toEqual(['session_ended']);
  });

  it.each(['access_blocked', 'access_removed'])('ends the session on 403 %s, whatever the request', async (code) => {
    const { api, session } = scriptedApi([apiError(403, code)]);
    const reasons: (string | null)[] = [];
    session.start(pair('access-1'), 'account');
    session.subscribe((reason) => reasons.push(reason));
    await expect(api.get('/me')).rejects.toMatchObject({ code });
    expect(session.active).toBe(false);
    expect(reasons).toEqual([code]);
  });

  it('keeps the session on other 403s (a role, a read-only session)', async () => {
    const { api, session } = scriptedApi([apiError(403, 'read_only_session')]);
    session.start(pair('access-1', null), 'link');
    await expect(api.post('/auth/password', { body: { current_password: 'a', new_password: 'b' } })).rejects.toMatchObject({
      code: 'read_only_session',
    });
    expect(session.active).toBe(true);
  });

  it('does not try to refresh a link session: a 401 ends it', async () => {
    const { api, session, calls } = scriptedApi([apiError(401, 'unauthenticated')]);
    session.start(pair('access-1', null), 'link');
    await expect(api.get('/me')).rejects.toMatchObject({ code: 'session_ended' });
    expect(calls).toHaveLength(1);
    expect(session.active).toBe(false);
  });

  it('signs out here even when the server cannot be reached', async () => {
    const { api, session, calls } = scriptedApi(['offline']);
    session.start(pair('access-1'), 'account');
    await api.signOut();
    expect(calls[0]).toMatchObject({ url: '/api/auth/sign-out', method: 'POST', body: { everywhere: false } });
    expect(session.active).toBe(false);
  });
});
