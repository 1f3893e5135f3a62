/** Turns any failure into words a person can act on, in their language: never raw JSON. */
import { ApiError } from './api/client';
import type { Translate } from './i18n';
import type { SharedKey } from './messages';

const KNOWN = new Set([
  'network', 'server_error', 'invalid_credentials', 'expired', 'invalid_link', 'invitation_used', 'access_blocked',
  'access_removed', 'account_disabled', 'portal_disabled', 'portal_not_found', 'rate_limited', 'read_only_session',
  'session_ended', 'unauthenticated', 'forbidden', 'not_found', 'stale_version', 'conflict', 'invalid_input', 'malformed_json',
]);

export function errorText(t: Translate<SharedKey>, error: unknown): string {
  if (!(error instanceof ApiError)) return t('error.generic');
  if (error.status === 429 || error.code === 'rate_limited') {
    return t('error.rate_limited', { minutes: Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60)) });
  }
  if (error.code === 'internal_error' || error.status >= 500) return t('error.server_error');
  if (error.status === 410) return t('error.expired');
  return KNOWN.has(error.code) ? t(`error.${error.code}` as SharedKey) : t('error.generic');
}

const FIELD_TYPES: Record<string, SharedKey> = {
  missing: 'field.missing',
  string_too_short: 'field.too_short',
  too_short: 'field.too_short',
  string_too_long: 'field.too_long',
  too_long: 'field.too_long',
  value_error: 'field.email',
  string_pattern_mismatch: 'field.pattern',
};

/**
 * 422 details by field: `emails.0` and `body.emails` both count for the field `emails`.
 * The API's own messages are English, so the type of the problem picks a translated one.
 */
export function fieldErrors(t: Translate<SharedKey>, error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.status !== 422) return {};
  const result: Record<string, string> = {};
  for (const detail of error.details as { path: string; type?: string }[]) {
    const field = detail.path.replace(/^(body|query)\./, '').split('.')[0] ?? '';
    result[field] ??= t(FIELD_TYPES[detail.type ?? ''] ?? 'field.invalid');
  }
  return result;
}

/** For redeeming an e-mailed link: there a 401 means the link, not a session, is wrong. */
export function linkErrorText(t: Translate<SharedKey>, error: unknown): string {
  if (error instanceof ApiError && error.status === 401) return t('error.invalid_link');
  return errorText(t, error);
}
