/**
 * F17-F18, a document as staff read it: what the check made of it, what the firm made of a
 * client's file, whether a matter's clients see it, who sent it; and what can be done with it.
 */
import { refusedWords, type DocumentView } from '../../shared/documents';
import type { Translate } from '../../shared/i18n';
import type { Key } from './messages';

type T = Translate<Key>;

/** The check's result: waiting for the file or its check, available, or refused and why. */
export function checkWords(t: T, document: DocumentView): string {
  if (document.status === 'refused') return refusedWords(t, document.refusal);
  return t(`documents.status.${document.status}`);
}

/** A client's file that passed the check: waiting for review, accepted, or rejected and why. */
export function reviewWords(t: T, document: DocumentView): string | null {
  if (document.uploader !== 'client' || document.status !== 'available') return null;
  if (document.review === 'accepted') return t('documents.review.accepted');
  if (document.review === 'rejected') return t('documents.review.rejected', { reason: document.review_reason ?? '' });
  return t('documents.review.new');
}

/** A matter's document that passed the check: shown to the matter's clients or hidden from them. */
export function publicationWords(t: T, document: DocumentView): string | null {
  if (!canPublish(document)) return null;
  return document.published ? t('documents.published') : t('documents.hidden');
}

/** The firm, or the client by name: as the directory says now, else as when they sent it. */
export function sentByWords(t: T, document: DocumentView, names: Readonly<Record<string, string>>): string {
  if (document.uploader === 'staff') return t('documents.by.firm');
  const name = (document.client_id ? names[document.client_id] : undefined) ?? document.client_name;
  return name ? t('documents.by.client', { name }) : t('documents.by.aClient');
}

/** Only a client's file that passed the check is accepted or rejected. */
export const canReview = (document: DocumentView) => document.uploader === 'client' && document.status === 'available';

/** Only a matter's document that passed the check is shown to the matter's clients or hidden. */
export const canPublish = (document: DocumentView) => document.status === 'available' && document.matter_id != null;

/** The list after a document changed here: its row replaced in place, or (new to the list) put first. */
export function withDocument(items: readonly DocumentView[], document: DocumentView): DocumentView[] {
  return items.some((item) => item.id === document.id) ? items.map((item) => (item.id === document.id ? document : item)) : [document, ...items];
}
