/** What both apps do with a matter's timeline: month headings, dates, the court's complements. */
import type { Schemas } from './api/client';

export type UpdateKind = Schemas['UpdateKind'];
type Complement = Schemas['Complement'];

/** What both apps show of an update (staff see more of it). */
export type Update = Pick<Schemas['ClientTimelineItem'], 'id' | 'kind' | 'occurred_at' | 'text' | 'body' | 'complements' | 'comment' | 'due_at' | 'done'>;

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

/** A `snake_case` name is a table's key (DataJud's `tipo_de_peticao`), not words for people. */
const KEY = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/;
const isWords = (part: string | null | undefined): part is string => !!part?.trim() && !/^\d+$/.test(part.trim());

/**
 * A court complement as a line to read: "Tipo de peticao: Contestação". Feeds differ on which
 * of name and description holds the key and which the words, and the value is often a bare
 * code: the key becomes the label, and the first words the text.
 */
export function complementLine(complement: Complement): { label: string | null; text: string } {
  const { name, value, description } = complement;
  const key = [description, name].find((part) => part && KEY.test(part));
  if (key) {
    const text = [description, name, value].find((part) => part !== key && isWords(part)) ?? value ?? '';
    return { label: capitalize(key.replaceAll('_', ' ')), text };
  }
  const text = [description, value].find(isWords) ?? value ?? description;
  return text ? { label: name, text } : { label: null, text: name };
}

function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}
