/**
 * An audit entry in words: its action, who did it, and what it was done to, by name where
 * the log knows it. The API records `client:<id>`-style targets and keeps the name only in
 * some entries' details (a client added or deleted, an API key, a matter opened, a document
 * request's title, a consultation's subject, a staff member's e-mail): a name seen in one entry names that target in every entry on screen;
 * a target with no name seen shows as its kind ("Client"), a link to it.
 */
import type { Schemas } from '../../shared/api/client';
import type { Translate } from '../../shared/i18n';
import { hrefTo } from '../../shared/router';
import type { Key } from './messages';
import { auditMessages, type AuditKey } from './messages/audit';

type Entry = Schemas['AuditEntry'];
export type TargetKind = 'client' | 'matter' | 'staff' | 'api_key' | 'firm' | 'document_request' | 'consultation';

const KINDS: readonly TargetKind[] = ['client', 'matter', 'staff', 'api_key', 'firm', 'document_request', 'consultation'];
/** The kinds of timeline update (UpdateKind), whose actions are `<kind>.<verb>`. */
export const UPDATE_KINDS = ['automatic_movement', 'manual_movement', 'task', 'publication', 'news'] as const;
export const UPDATE_VERBS = ['created', 'updated', 'commented', 'deleted'] as const;
type UpdateKind = (typeof UPDATE_KINDS)[number];
type UpdateVerb = (typeof UPDATE_VERBS)[number];

export function actionWords(t: Translate<Key>, action: string): string {
  const [first = '', verb = ''] = action.split('.');
  if ((UPDATE_KINDS as readonly string[]).includes(first) && (UPDATE_VERBS as readonly string[]).includes(verb)) {
    return t(`audit.update.${verb as UpdateVerb}`, { kind: t(`update.${first as UpdateKind}`) });
  }
  const key = `audit.action.${action}`;
  return key in auditMessages.en ? t(key as AuditKey) : t('audit.action.other');
}

/** Who did it: a person by e-mail; the system or an integration in words. */
export function actorWords(t: Translate<Key>, entry: Entry): string {
  if (entry.actor_kind === 'integration') return t('audit.by.integration');
  return entry.actor_email ?? t('audit.by.system');
}

export interface Target {
  kind: TargetKind | null;
  /** Its name, when some entry on screen gave it; else show the kind. */
  name: string | null;
  /** Where to open it; null once it was deleted. */
  href: string | null;
}

/** What each entry was done to, named from every entry given (all those on screen). */
export function targetsOf(entries: readonly Entry[]): (entry: Entry) => Target {
  // Newest first: the latest name wins; an e-mail only names what no entry named otherwise.
  const names = new Map<string, string>();
  const emails = new Map<string, string>();
  const gone = new Set<string>();
  for (const entry of entries) {
    const { name, email } = namesIn(entry);
    if (name && !names.has(entry.target)) names.set(entry.target, name);
    if (email && !emails.has(entry.target)) emails.set(entry.target, email);
    if (['client.deleted', 'staff.removed', 'document_request.deleted', 'consultation.deleted'].includes(entry.action)) gone.add(entry.target);
  }
  return (entry) => {
    const [prefix = '', id = ''] = splitTarget(entry.target);
    const kind = (KINDS as readonly string[]).includes(prefix) ? (prefix as TargetKind) : null;
    const name = names.get(entry.target) ?? emails.get(entry.target) ?? null;
    return { kind, name, href: kind && !gone.has(entry.target) ? hrefOf(kind, id) : null };
  };
}

function splitTarget(target: string): [string, string] {
  const colon = target.indexOf(':');
  return colon < 0 ? [target, ''] : [target.slice(0, colon), target.slice(colon + 1)];
}

/**
 * What an entry's details say its target is called: a matter's title, a client's or key's
 * name; an e-mail (a staff member's, or the one a client's access was granted to).
 */
function namesIn(entry: Entry): { name: string | null; email: string | null } {
  const details = (entry.details ?? {}) as Record<string, unknown>;
  const text = (field: string) => {
    const value = details[field];
    return typeof value === 'string' && value.trim() ? value : null;
  };
  const titled = entry.target.startsWith('matter:') || entry.target.startsWith('document_request:');
  // A consultation is named by its subject (logged, deleted).
  const name = entry.target.startsWith('consultation:') ? text('subject') : titled ? text('title') : text('name');
  return { name, email: text('email') };
}

function hrefOf(kind: TargetKind, id: string): string {
  switch (kind) {
    case 'client':
      return hrefTo('clients', id);
    case 'matter':
      return hrefTo('matters', id);
    case 'staff':
      return hrefTo('staff');
    case 'api_key':
      return hrefTo('api-keys');
    case 'firm':
      return hrefTo('settings');
    case 'document_request':
      return hrefTo('requests', id);
    case 'consultation':
      return hrefTo('consultations', id);
  }
}
