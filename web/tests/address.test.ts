import { describe, expect, it } from 'vitest';
import { brandVariables, contrast } from '../shared/colour';
import { firmSlug } from '../shared/portal-address';
import { hrefTo, parseHash } from '../shared/router';

describe('firmSlug', () => {
  it('reads /p/<slug>/ first, else the first label of the host name', () => {
    expect(firmSlug('/p/silva/', 'localhost')).toBe('silva');
    expect(firmSlug('/p/Silva-Adv/anything', 'localhost')).toBe('silva-adv');
    expect(firmSlug('/', 'silva.portal.example.com')).toBe('silva');
    expect(firmSlug('/', 'localhost')).toBeNull();
    expect(firmSlug('/', '127.0.0.1')).toBeNull();
    expect(firmSlug('/p/x/', 'localhost')).toBeNull(); // too short to be a slug
  });
});

describe('hash routes', () => {
  it('parses and builds fragments, tokens included', () => {
    expect(parseHash('#/invite/abc.def')).toEqual(['invite', 'abc.def']);
    expect(parseHash('#/clients?q=x')).toEqual(['clients']);
    expect(parseHash('')).toEqual([]);
    expect(hrefTo('simulate', 'a/b', '2026-01-01T00:00:00Z')).toBe('#/simulate/a%2Fb/2026-01-01T00%3A00%3A00Z');
    expect(parseHash(hrefTo('simulate', 'a/b', '2026-01-01T00:00:00Z'))).toEqual(['simulate', 'a/b', '2026-01-01T00:00:00Z']);
  });
});

describe('brand colour', () => {
  it('keeps text on the brand colour and the colour as text readable', () => {
    const dark = brandVariables('#1f4e79');
    expect(dark['--on-brand']).toBe('#ffffff');
    expect(dark['--brand-text']).toBe('#1f4e79');
    const light = brandVariables('#ffd700');
    expect(light['--on-brand']).toBe('#111111');
    expect(contrast(light['--brand-text'], '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(brandVariables('not a colour')['--brand']).toBe('#1f4e79');
  });
});
