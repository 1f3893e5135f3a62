/** The admin app's single API client and session. */
import { Api } from '../../shared/api/client';
import { Session } from '../../shared/api/session';
import { useI18n } from '../../shared/i18n';
import type { Key } from './messages';

export const session: Session = new Session('admin', (refresh_token) => api.post('/auth/refresh', { body: { refresh_token } }));
export const api: Api = new Api(session);

export const useT = () => useI18n<Key>();

const SLUG_KEY = 'admin:portal';
export const rememberedSlug = () => localStorage.getItem(SLUG_KEY) ?? '';
export const rememberSlug = (slug: string) => localStorage.setItem(SLUG_KEY, slug);

/** Where the client portal lives, from config.json (written by the deployment, served locally by devstack). */
let portalTemplate: Promise<string> | null = null;
export function portalUrlTemplate(): Promise<string> {
  portalTemplate ??= fetch('./config.json')
    .then((response) => (response.ok ? response.json() : {}))
    .then((config: { portal_url?: string }) => config.portal_url ?? `${location.protocol}//{slug}.${location.hostname}/`)
    .catch(() => `${location.protocol}//{slug}.${location.hostname}/`);
  return portalTemplate;
}
