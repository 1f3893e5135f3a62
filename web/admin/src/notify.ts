/**
 * F12: after a write that put new or changed data in front of clients, staff choose to
 * notify them now or later (the "Notify" button stays while `notification_pending`).
 */
import type { Schemas } from '../../shared/api/client';

type Matter = Schemas['Matter'];
type TimelineChange = Schemas['TimelineChange'];

/** After saving the matter or choosing whom it is published to. */
export function offerAfterMatterWrite(matter: Matter): boolean {
  return Boolean(matter.notification_pending) && (matter.published_to ?? []).length > 0;
}

/**
 * After writing an update: `before` is how it was (null: a new one). Only what clients see
 * (or saw) counts; new news went out by e-mail as it was written.
 */
export function offerAfterUpdateWrite(change: TimelineChange, before: { published?: boolean } | null): boolean {
  if (!change.notification_pending) return false;
  if (before === null && change.item.kind === 'news') return false;
  return Boolean(change.item.published) || Boolean(before?.published);
}
