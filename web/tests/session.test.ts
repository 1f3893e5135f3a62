import { describe, expect, it } from 'vitest';
import { pair, scriptedApi } from './support';

describe('Session storage', () => {
  it('keeps only the refresh token of an account session, in localStorage', () => {
    const { session, local, tab } = scriptedApi([]);
    session.start(pair('secret-access-token'), 'account');
    expect(local.getItem('test')).toContain('firm.sess.secret1');
    expect(local.getItem('test')).not.toContain('secret-access-token');
    expect(tab.getItem('test')).toBeNull();
    expect(session.canRefresh).toBe(true);
  });

  it('keeps link and simulation tokens in the tab only; they are read-only', () => {
    for (const mode of ['link', 'simulation'] as const) {
      const { session, local, tab } = scriptedApi([]);
      session.start(pair('read-only-token', null), mode);
      expect(tab.getItem('test')).toContain('read-only-token');
      expect(local.getItem('test')).toBeNull();
      expect(session.mode).toBe(mode);
      expect(session.canRefresh).toBe(false);
    }
  });

  it('forgets everything when cleared', async () => {
    const { session, local, tab } = scriptedApi([]);
    session.start(pair('a'), 'account');
    session.clear();
    expect(session.active).toBe(false);
    expect(local.length + tab.length).toBe(0);
    await expect(session.accessToken()).resolves.toBeNull();
  });
});
