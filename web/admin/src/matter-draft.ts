/** A matter as its form edits it, and back to what the API takes (F09). */
import type { Schemas } from '../../shared/api/client';

type Matter = Schemas['Matter'];
export type MatterInput = Schemas['MatterInput'];
export type MatterKind = Schemas['MatterKind'];
export type PartyRole = Schemas['PartyRole'];
export type RelationKind = Schemas['RelationKind'];

/** A client chosen in a picker: the id for the API, the name for people. */
export interface Picked {
  id: string;
  name: string;
}

export interface PartyDraft {
  /** Keys the row on screen; `id` is the API's, absent until the party is saved. */
  key: string;
  id?: string;
  name: string;
  role: PartyRole;
  client: Picked | null;
  published: boolean;
}

export interface RelationDraft {
  key: string;
  matter_id: string;
  kind: RelationKind;
}

export interface MatterDraft {
  kind: MatterKind;
  number: string;
  title: string;
  court: string;
  venue: string;
  instance: string;
  procedural_class: string;
  court_published: boolean;
  status: Schemas['MatterStatus'];
  responsible_lawyer_id: string;
  private: boolean;
  team: boolean;
  billing_client: Picked | null;
  parties: PartyDraft[];
  related: RelationDraft[];
}

let rows = 0;
export const rowKey = () => `row${++rows}`;

/**
 * A CNJ number typed with or without its punctuation, shown as NNNNNNN-DD.AAAA.J.TR.OOOO once
 * it has its 20 digits; anything else is left as typed for the API to judge.
 */
export function formatCnj(typed: string): string {
  const digits = typed.replace(/[\s.\-/]/g, '');
  if (!/^\d{20}$/.test(digits)) return typed.trim();
  return `${digits.slice(0, 7)}-${digits.slice(7, 9)}.${digits.slice(9, 13)}.${digits[13]}.${digits.slice(14, 16)}.${digits.slice(16)}`;
}

/** The form's starting point: the matter as saved, or an empty court case. Names come from `names`. */
export function draftOf(matter: Matter | null, names: Record<string, string>, lawyerId = ''): MatterDraft {
  const picked = (id: string | null | undefined, fallback = ''): Picked | null => (id ? { id, name: names[id] ?? fallback } : null);
  return {
    kind: matter?.kind ?? 'court_case',
    number: matter?.number ?? '',
    title: matter?.title ?? '',
    court: matter?.court ?? '',
    venue: matter?.venue ?? '',
    instance: matter?.instance ?? '',
    procedural_class: matter?.procedural_class ?? '',
    court_published: matter?.court_published ?? false,
    status: matter?.status ?? 'active',
    responsible_lawyer_id: matter ? (matter.responsible_lawyer_id ?? '') : lawyerId,
    private: matter?.private ?? false,
    team: matter?.team ?? false,
    billing_client: picked(matter?.billing_client_id),
    parties: (matter?.parties ?? []).map((party) => ({
      key: rowKey(),
      ...(party.id ? { id: party.id } : {}),
      name: party.name,
      role: party.role,
      client: picked(party.client_id, party.name),
      published: party.published ?? false,
    })),
    related: (matter?.related ?? []).map((relation) => ({ key: rowKey(), ...relation })),
  };
}

const text = (value: string) => value.trim() || null;

/** What POST /matters and PUT /matters/{id} take (PUT adds the version). */
export function inputOf(draft: MatterDraft): MatterInput {
  return {
    kind: draft.kind,
    number: draft.kind === 'court_case' ? text(formatCnj(draft.number)) : text(draft.number),
    title: draft.title.trim(),
    court: text(draft.court),
    venue: text(draft.venue),
    instance: text(draft.instance),
    procedural_class: text(draft.procedural_class),
    court_published: draft.court_published,
    status: draft.status,
    responsible_lawyer_id: draft.responsible_lawyer_id || null,
    private: draft.private,
    team: draft.team,
    billing_client_id: draft.billing_client?.id ?? null,
    parties: draft.parties.map((party) => ({
      ...(party.id ? { id: party.id } : {}),
      name: party.name.trim(),
      role: party.role,
      client_id: party.client?.id ?? null,
      published: party.published,
    })),
    related: draft.related.map(({ matter_id, kind }) => ({ matter_id, kind })),
  };
}
