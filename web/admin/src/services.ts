/** The admin app's single API client and session. */
import { Api, type Schemas } from '../../shared/api/client';
import { Session } from '../../shared/api/session';
import { useI18n } from '../../shared/i18n';
import type { Key } from './messages';

export const session: Session = new Session('admin', (refresh_token) => api.post('/auth/refresh', { body: { refresh_token } }));
export const api: Api = new Api(session);

export const useT = () => useI18n<Key>();

/** Who is signed in (`GET /me`). */
export type Me = Schemas['Me'];
/** The firm and its portal settings (`GET /firm`). */
export type Firm = Schemas['FirmView'];

const SLUG_KEY = 'admin:portal';
export const rememberedSlug = () => localStorage.getItem(SLUG_KEY) ?? '';
export const rememberSlug = (slug: string) => localStorage.setItem(SLUG_KEY, slug);
