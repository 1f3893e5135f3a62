/** The portal's single API client and session, for the firm this address belongs to. */
import { Api, type Schemas } from '../../shared/api/client';
import { Session } from '../../shared/api/session';
import { useI18n } from '../../shared/i18n';
import { firmSlug } from '../../shared/portal-address';
import type { Key } from './messages';

export const slug = firmSlug(location.pathname, location.hostname);

export const session: Session = new Session(`portal:${slug ?? ''}`, (refresh_token) => api.post('/auth/refresh', { body: { refresh_token } }));
export const api: Api = new Api(session);

export const useT = () => useI18n<Key>();

/** The firm's name, logo, colour and language for this portal (`GET /portals/{slug}`). */
export type Branding = Schemas['PortalBranding'];
/** Who is signed in (`GET /me`). */
export type Me = Schemas['Me'];
