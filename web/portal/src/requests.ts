/**
 * F19, the pure parts of the client's document requests: the checklist's order, due dates in
 * words, and each step of a request's history as a catalogue key.
 */
import type { Schemas } from '../../shared/api/client';

export type DocumentRequest = Schemas['DocumentRequestView'];
export type RequestEvent = Schemas['RequestEvent'];

const RANK: Record<DocumentRequest['status'], number> = { pending: 0, submitted: 1, accepted: 2 };

/**
 * What the client still has to send first, the soonest due first (those without a due date after
 * them), then what the firm is checking, then what is done; otherwise as the API gave them
 * (newest first).
 */
export function checklistOrder(requests: readonly DocumentRequest[]): DocumentRequest[] {
  return requests
    .map((request, index) => ({ request, index }))
    .sort((a, b) => RANK[a.request.status] - RANK[b.request.status] || dueOrder(a.request, b.request) || a.index - b.index)
    .map(({ request }) => request);
}

function dueOrder(a: DocumentRequest, b: DocumentRequest): number {
  if (a.status !== 'pending' || a.due_date === b.due_date) return 0;
  if (a.due_date === null) return 1;
  if (b.due_date === null) return -1;
  return a.due_date < b.due_date ? -1 : 1;
}

/** Today's date where the client is, as "YYYY-MM-DD". */
export function today(now = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}

/** A pending request whose due date has passed (the due date itself is not late yet). */
export const overdue = (request: DocumentRequest, on = today()) => request.status === 'pending' && request.due_date !== null && request.due_date < on;

/**
 * A calendar date ("2026-10-10") as people write it in their language, "10 de outubro de 2026":
 * the same day wherever the client is (it is a day, not an instant).
 */
export function dayInWords(lang: string, date: string): string {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, day));
}

/** The catalogue key of a step of a request's history. */
export function eventKey(event: RequestEvent) {
  if (event.kind === 'rejected' && !event.note) return 'requests.event.rejectedNoReason' as const;
  return `requests.event.${event.kind}` as const;
}
