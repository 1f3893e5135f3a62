/** Turns any failure into words a person can act on, in their language: never raw JSON. */
import { ApiError } from './api/client';
import type { Translate } from './i18n';
import type { SharedKey } from './messages';

const KNOWN = new Set([
  'network',
  'server_error',
  'invalid_credentials',
  'expired',
  'invalid_link',
  'invitation_used',
  'access_blocked',
  'access_removed',
  'account_disabled',
  'portal_disabled',
  'portal_not_found',
  'rate_limited',
  'read_only_session',
  'session_ended',
  'unauthenticated',
  'forbidden',
  'not_found',
  'stale_version',
  'conflict',
  'email_in_use',
  'invalid_input',
  'malformed_json',
  'not_submitted',
  'request_done',
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
  string_pattern_mismatch: 'field.pattern',
  control_characters: 'field.control_characters',
};

interface Detail {
  path: string;
  message: string;
  type?: string;
}

/** The API's own messages are English, so the type of the problem picks a translated one. */
function problem(detail: Detail): SharedKey {
  // pydantic says `value_error` for a bad e-mail address, and for any rule of our own (a date out of range).
  if (detail.type === 'value_error') return /e-?mail/i.test(detail.message) ? 'field.email' : 'field.invalid';
  return FIELD_TYPES[detail.type ?? ''] ?? 'field.invalid';
}

/** 409s that reloading can resolve: the record changed since it was read (a request reviewed, or accepted, meanwhile too). */
const STALE = new Set(['stale_version', 'conflict', 'not_submitted', 'request_done']);

/** A 409 that reloading can resolve: the record changed since it was read. */
export function isStale(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && STALE.has(error.code);
}

/** `email_in_use`: the id of the client who has the e-mail (in the error's details). */
export function clientWithTheEmail(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'email_in_use') return null;
  const detail = (error.details as { client_id?: string }[]).find((d) => d.client_id);
  return detail?.client_id ?? null;
}

/** 422 details by their whole path (`parties.0.name`), for forms that edit lists. */
export function detailErrors(t: Translate<SharedKey>, error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.status !== 422) return {};
  const result: Record<string, string> = {};
  for (const detail of error.details as Detail[]) {
    result[detail.path.replace(/^(body|query)\./, '')] ??= t(problem(detail));
  }
  return result;
}

/** 422 details by field: `emails.0` and `body.emails` both count for the field `emails`. */
export function fieldErrors(t: Translate<SharedKey>, error: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [path, text] of Object.entries(detailErrors(t, error))) result[path.split('.')[0] ?? ''] ??= text;
  return result;
}
