/**
 * F19, the pure parts of the client's document requests: the checklist's order and each step of
 * a request's history as a catalogue key (due dates: shared/requests.ts and shared/timeline.ts).
 */
import type { DocumentRequest, RequestEvent } from '../../shared/requests';

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

/** The catalogue key of a step of a request's history. */
export function eventKey(event: RequestEvent) {
  if (event.kind === 'rejected' && !event.note) return 'requests.event.rejectedNoReason' as const;
  return `requests.event.${event.kind}` as const;
}
