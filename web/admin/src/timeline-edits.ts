/** The rules of writing a matter's timeline from the admin app (F13-F15). */
import type { Schemas } from '../../shared/api/client';

type Item = Schemas['StaffTimelineItem'];
type UpdateChange = Schemas['UpdateChange'];

/**
 * Publish or hide an update and nothing else. The date and text left out (null) are kept by
 * the API. A court movement takes nothing more; a staff update's body, due date and done are
 * written as sent (null would erase them), so its own travel with it.
 */
export function visibilityChange(item: Item, published: boolean): UpdateChange {
  const keep = { occurred_at: null, text: null, assignee_id: null, published, version: item.version ?? 1 };
  if (item.kind === 'automatic_movement') return { ...keep, body: null, due_at: null, done: false };
  return { ...keep, body: item.body ?? null, due_at: item.due_at ?? null, done: item.done ?? false };
}

/**
 * The timeline on screen after `item` was written (`replaced`: the id it had, which a new date
 * changes). Newest first, as ids start with the date. An update older than the last one loaded
 * waits for its page when more pages are to come, or it would show twice.
 */
export function placed(items: readonly Item[], item: Schemas['TimelineItem'], replaced: Item | null, complete: boolean): Item[] {
  const others = items.filter((other) => other.id !== item.id && other.id !== replaced?.id);
  const last = others[others.length - 1];
  if (!complete && last && item.id < last.id) return others;
  // Receipts belong to the id: an update that moved to another date is one nobody has read yet.
  // The court's complements, in words, come with the list (staff-written updates have none).
  const written: Item = { ...item, read_by: replaced?.id === item.id ? (replaced.read_by ?? []) : [], details: replaced?.details ?? [] };
  return [...others, written].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/** `<input type="datetime-local">` speaks local time without a zone; the API, ISO 8601 with one. */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function fromLocalInput(value: string): string | null {
  const date = new Date(value);
  return value && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}
