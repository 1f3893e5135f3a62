// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { catalogs } from '../admin/src/messages';
import { ApiKeysPage } from '../admin/src/pages/ApiKeys';
import { session } from '../admin/src/services';
import { page, serve, show, signIn } from './screen';

afterEach(() => {
  vi.unstubAllGlobals();
  session.clear();
  document.body.innerHTML = '';
});

describe('the API keys page', () => {
  it('tells a firm’s IT person what to send and where, with the API’s own OpenAPI document, and no path of this repository', async () => {
    signIn(session);
    serve({ 'GET /api-keys': page([]), 'GET /staff': page([]) });
    const root = await show(catalogs, <ApiKeysPage />);
    const api = new URL('api', document.baseURI).href;
    const text = root.textContent ?? '';
    expect(text).not.toContain('docs/');
    expect(text).not.toContain('.md');
    expect(text).toContain(`POST ${api}/integration/movements`);
    expect(text).toContain('X-Api-Key');
    const reference = [...root.querySelectorAll('a')].find((link) => link.textContent === 'O documento OpenAPI da API');
    expect(reference?.getAttribute('href')).toBe(`${api}/openapi.json`);
  });
});
