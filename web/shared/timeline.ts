/** What both apps do with a matter's timeline: month headings and dates. */
import type { Schemas } from './api/client';

export type UpdateKind = Schemas['UpdateKind'];

/** What both apps show of an update (staff see more of it). */
export type Update = Pick<Schemas['ClientTimelineItem'], 'id' | 'kind' | 'occurred_at' | 'text' | 'body' | 'details' | 'comment' | 'due_at' | 'done'>;

export interface MonthGroup<T> {
  key: string;
  label: string;
  items: T[];
}

/**
 * Updates, newest first as the API sends them, under one heading per month in the reader's
 * language and time zone. A later page of older updates continues the last month.
 */
export function byMonth<T extends { occurred_at: string }>(items: readonly T[], lang: string, timeZone?: string): MonthGroup<T>[] {
  const keyOf = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', timeZone });
  const labelOf = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', timeZone });
  const groups: MonthGroup<T>[] = [];
  for (const item of items) {
    const when = new Date(item.occurred_at);
    const key = keyOf.format(when);
    const last = groups[groups.length - 1];
    if (last?.key === key) last.items.push(item);
    else groups.push({ key, label: capitalize(labelOf.format(when)), items: [item] });
  }
  return groups;
}

export function formatDate(lang: string, iso: string): string {
  return new Date(iso).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * A calendar day ("2026-12-20", a due date) in the reader's words, the same day in every time zone:
 * "20 de dez. de 2026" (medium), or as people write it, "20 de dezembro de 2026" (long).
 */
export function formatDay(lang: string, day: string, style: 'medium' | 'long' = 'medium'): string {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString(lang, { dateStyle: style, timeZone: 'UTC' });
}

function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}
