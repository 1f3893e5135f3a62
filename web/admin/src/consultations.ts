/**
 * F20, the rules of the consultation screens: the list's filters as the API's query, the new
 * consultation's form as its body (a client or a prospect, never both), the same form over a
 * consultation to edit it, a change that keeps every other field, tasks in words (due, overdue,
 * where they come from).
 */
import type { Schemas } from '../../shared/api/client';
import { fromLocalInput, toLocalInput } from './timeline-edits';
import type { Picked } from './matter-draft';

export type Consultation = Schemas['ConsultationView'];
export type Entry = Schemas['ConsultationEntryView'];
export type Task = Schemas['ConsultationTaskView'];
export type ConsultationInput = Schemas['ConsultationInput'];
export type ConsultationChange = Schemas['ConsultationChange'];

/** What the list is narrowed to; '' is "any". */
export interface Filters {
  important: boolean;
  client: Picked | null;
  staffId: string;
  matter: '' | 'linked' | 'unlinked';
  /** Calendar days (`<input type="date">`), inclusive. */
  from: string;
  to: string;
  /** Words of the subject. */
  q: string;
}

export const NO_FILTERS: Filters = { important: false, client: null, staffId: '', matter: '', from: '', to: '', q: '' };

/** The list route's query for these filters: a filter left at "any" is not sent. */
export function listQuery(filters: Filters, cursor: string | null, limit: number) {
  return {
    important: filters.important ? true : null,
    client_id: filters.client?.id ?? null,
    staff_id: filters.staffId || null,
    matter: filters.matter || null,
    from: filters.from || null,
    to: filters.to || null,
    q: filters.q.trim() || null,
    cursor,
    limit,
  };
}

/** Whether any filter narrows the list (the empty list then says "nothing matches", not "nothing yet"). */
export const filtered = (filters: Filters) => listKey(filters) !== listKey(NO_FILTERS);

/** One string per set of filters, for `usePages` to restart when any of them changes. */
export const listKey = (filters: Filters) => JSON.stringify(listQuery(filters, null, 0));

/** The new-consultation form as typed. */
export interface Draft {
  subject: string;
  who: 'client' | 'prospect';
  client: Picked | null;
  prospectName: string;
  prospectEmails: string;
  prospectPhone: string;
  staffIds: string[];
  /** `<input type="datetime-local">`. */
  occurred: string;
  important: boolean;
  text: string;
}

export function newDraft(occurred: string, client: Picked | null = null): Draft {
  return {
    subject: '',
    who: 'client',
    client,
    prospectName: '',
    prospectEmails: '',
    prospectPhone: '',
    staffIds: [],
    occurred,
    important: false,
    text: '',
  };
}

/** The form over a consultation, to edit it (its entries are written in its thread, not here). */
export function draftOf(consultation: Consultation): Draft {
  const prospect = consultation.prospect;
  return {
    subject: consultation.subject,
    who: prospect ? 'prospect' : 'client',
    client: consultation.client_id ? { id: consultation.client_id, name: consultation.client_name ?? '' } : null,
    prospectName: prospect?.name ?? '',
    prospectEmails: (prospect?.emails ?? []).join(', '),
    prospectPhone: prospect?.phone ?? '',
    staffIds: (consultation.staff ?? []).map((member) => member.id),
    occurred: toLocalInput(consultation.occurred_at),
    important: consultation.important,
    text: '',
  };
}

const list = (value: string) => value.split(/[\s,;]+/).filter(Boolean);

/**
 * What the form can say before asking the API: a consultation is with a client (chosen) or a
 * prospect (named). The API checks the rest (the subject's length, the e-mails) and its 422
 * goes next to the field.
 */
export function draftProblem(draft: Draft): 'client' | 'prospect_name' | null {
  if (draft.who === 'client' && !draft.client) return 'client';
  if (draft.who === 'prospect' && !draft.prospectName.trim()) return 'prospect_name';
  return null;
}

/** `POST /consultations`: exactly one of client and prospect; no staff ticked (an empty list) is the caller. */
export function creationBody(draft: Draft): ConsultationInput {
  const prospect =
    draft.who === 'prospect' ? { name: draft.prospectName.trim(), emails: list(draft.prospectEmails), phone: draft.prospectPhone.trim() || null } : null;
  return {
    subject: draft.subject.trim(),
    occurred_at: fromLocalInput(draft.occurred),
    client_id: draft.who === 'client' ? (draft.client?.id ?? null) : null,
    prospect,
    staff_ids: draft.staffIds,
    important: draft.important,
    earlier_consultation_id: null,
    matter_id: null,
    text: draft.text.trim() || null,
  };
}

/** `PUT /consultations/{id}`: the consultation as it is, with `change` over it, at its version. */
export function changeBody(consultation: Consultation, change: Partial<Omit<ConsultationChange, 'version'>>): ConsultationChange {
  return {
    subject: consultation.subject,
    occurred_at: consultation.occurred_at,
    client_id: consultation.client_id ?? null,
    prospect: consultation.prospect ?? null,
    staff_ids: (consultation.staff ?? []).map((member) => member.id),
    important: consultation.important,
    earlier_consultation_id: consultation.earlier_consultation_id ?? null,
    matter_id: consultation.matter_id ?? null,
    ...change,
    version: consultation.version,
  };
}

/** Who the consultation is with: the client's name, or the prospect's. */
export function withWhom(consultation: Pick<Consultation, 'client_name' | 'prospect'>): { name: string; prospect: boolean } {
  if (consultation.prospect) return { name: consultation.prospect.name, prospect: true };
  return { name: consultation.client_name ?? '', prospect: false };
}

/** A task is overdue once its due moment has passed while it is open. */
export const overdue = (task: Pick<Task, 'due_at' | 'done'>, now: Date = new Date()) =>
  !task.done && task.due_at != null && Date.parse(task.due_at) < now.getTime();

/** Where a task comes from: its consultation's page, or its matter's timeline. */
export function taskSource(task: Pick<Task, 'consultation_id' | 'matter_id'>): { page: 'consultations' | 'matters'; id: string } | null {
  if (task.consultation_id) return { page: 'consultations', id: task.consultation_id };
  if (task.matter_id) return { page: 'matters', id: task.matter_id };
  return null;
}

/** The list with one item replaced by its new state (a consultation's star, a task ticked, an entry corrected). */
export const replaced = <T extends { id: string }>(items: readonly T[], item: T): T[] => items.map((other) => (other.id === item.id ? item : other));

/** `PUT /consultations/{id}` from the edited form: its links (earlier consultation, matter) kept,
 * and its moment as it was unless changed (the form shows minutes; the consultation has seconds). */
export function editBody(consultation: Consultation, draft: Draft): ConsultationChange {
  const { subject, occurred_at, client_id, prospect, staff_ids, important } = creationBody(draft);
  const moved = draft.occurred !== toLocalInput(consultation.occurred_at) && occurred_at !== null;
  return changeBody(consultation, { subject, occurred_at: moved ? occurred_at : consultation.occurred_at, client_id, prospect, staff_ids, important });
}
