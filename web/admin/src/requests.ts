/**
 * F19, a document request as staff read it: where it stands, each step of its history in words;
 * and the review queue's counts after a document is reviewed here (whether it is late:
 * shared/requests.ts).
 */
import type { Schemas } from '../../shared/api/client';
import { refusalKey, type DocumentView } from '../../shared/documents';
import type { Translate } from '../../shared/i18n';
import type { DocumentRequest, RequestEvent } from '../../shared/requests';
import type { Key } from './messages';

export type ReviewCount = Schemas['ReviewCount'];

type T = Translate<Key>;

/** Where it stands: waiting for the client (again, after a rejection), sent and to review, or done. */
export function statusWords(t: T, request: DocumentRequest): string {
  if (request.status === 'pending') return request.rejection_reason ? t('requests.status.pendingAgain') : t('requests.status.pending');
  return t(`requests.status.${request.status}`);
}

/** One step of a request's history, in words (its date is shown beside it). */
export function eventWords(t: T, event: RequestEvent): string {
  const name = event.note || t('event.aFile');
  switch (event.kind) {
    case 'file_received':
      return t('event.file_received', { name });
    case 'file_refused':
      return t('event.file_refused', { name, reason: t(refusalKey(event.refusal)) });
    case 'rejected':
      return t('event.rejected', { reason: event.note ?? '' });
    default:
      return t(`event.${event.kind}`);
  }
}

/** The queue's counts once a document that waited is reviewed: one less for its client and its matter. */
export function lessOne(counts: readonly ReviewCount[], id: string | null): ReviewCount[] {
  return counts.flatMap((count) => (count.id !== id ? [count] : count.count > 1 ? [{ ...count, count: count.count - 1 }] : []));
}

/** A document still waits for review: sent by a client, through the check, neither accepted nor rejected. */
export const waitsForReview = (document: DocumentView) => document.uploader === 'client' && document.status === 'available' && document.review === 'new';
