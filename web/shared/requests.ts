/** F19, what both apps know of a document request: its shape, and whether it is late where the reader is. */
import type { Schemas } from './api/client';

export type DocumentRequest = Schemas['DocumentRequestView'];
export type RequestEvent = Schemas['RequestEvent'];

/** Today as the calendar day where the reader is ("YYYY-MM-DD"), to compare with due dates. */
export function today(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Still waiting for the client after its due date (the due date itself is not late yet). */
export const isOverdue = (request: DocumentRequest, day: string = today()) =>
  request.status === 'pending' && request.due_date != null && request.due_date < day;
