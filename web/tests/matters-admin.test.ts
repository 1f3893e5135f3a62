import { describe, expect, it } from 'vitest';
import type { Schemas } from '../shared/api/client';
import { draftOf, formatCnj, inputOf } from '../admin/src/matter-draft';
import { offerAfterMatterWrite, offerAfterUpdateWrite } from '../admin/src/notify';
import { fromLocalInput, placed, toLocalInput, visibilityChange } from '../admin/src/timeline-edits';

type Item = Schemas['StaffTimelineItem'];
type Matter = Schemas['Matter'];

const matter = (overrides: Partial<Matter> = {}): Matter => ({
  id: 'm1',
  firm_id: 'f1',
  kind: 'court_case',
  number: '0000832-35.2018.4.01.3202',
  title: 'Maria Souza x INSS',
  court: 'TRF1',
  venue: null,
  instance: null,
  procedural_class: null,
  parties: [{ id: 'p1', name: 'Maria Souza', role: 'plaintiff', client_id: 'c1', published: true }],
  responsible_lawyer_id: 's1',
  responsible_lawyer_name: 'Ana Silva',
  status: 'active',
  private: false,
  team: false,
  billing_client_id: null,
  related: [{ matter_id: 'm0', kind: 'appeal' }],
  court_published: true,
  published_to: [],
  notification_pending: false,
  notification_pending_at: null,
  stage_override: null,
  court_stage: null,
  stage: null,
  consultation_id: null,
  consultation_count: 0,
  created_at: '2026-10-01T00:00:00Z',
  updated_at: '2026-10-01T00:00:00Z',
  version: 3,
  ...overrides,
});

const item = (id: string, overrides: Partial<Item> = {}): Item =>
  ({
    id,
    firm_id: 'f1',
    matter_id: 'm1',
    kind: 'manual_movement',
    occurred_at: '2026-10-01T00:00:00Z',
    text: 'x',
    body: null,
    due_at: null,
    done: false,
    published: true,
    created_at: '2026-10-01T00:00:00Z',
    created_by: 's1',
    updated_at: '2026-10-01T00:00:00Z',
    version: 2,
    read_by: [],
    ...overrides,
  }) as Item;

describe('formatCnj', () => {
  it('writes 20 digits as NNNNNNN-DD.AAAA.J.TR.OOOO and leaves anything else to the API', () => {
    expect(formatCnj('00008323520184013202')).toBe('0000832-35.2018.4.01.3202');
    expect(formatCnj(' 0000832 35 2018 4 01 3202 ')).toBe('0000832-35.2018.4.01.3202');
    expect(formatCnj('0000832-35.2018.4.01.3202')).toBe('0000832-35.2018.4.01.3202');
    expect(formatCnj('123-45 ')).toBe('123-45');
  });
});

describe('the matter form', () => {
  it('sends back what it read: party ids, clients, relations; blank text as null', () => {
    const input = inputOf(draftOf(matter(), { c1: 'Maria Souza' }));
    expect(input).toMatchObject({ kind: 'court_case', number: '0000832-35.2018.4.01.3202', court: 'TRF1', venue: null, responsible_lawyer_id: 's1' });
    expect(input.parties).toEqual([{ id: 'p1', name: 'Maria Souza', role: 'plaintiff', client_id: 'c1', published: true }]);
    expect(input.related).toEqual([{ matter_id: 'm0', kind: 'appeal' }]);
  });

  it('starts a new matter as a court case of the one opening it, and formats the number it sends', () => {
    const draft = draftOf(null, {}, 's9');
    expect(draft).toMatchObject({ kind: 'court_case', responsible_lawyer_id: 's9', parties: [], status: 'active' });
    const input = inputOf({
      ...draft,
      number: '00012343720258260100',
      title: '  Cobrança ',
      parties: [{ key: 'k', name: 'Beatriz', role: 'defendant', client: { id: 'c2', name: 'Beatriz' }, published: false }],
    });
    expect(input.number).toBe('0001234-37.2025.8.26.0100');
    expect(input.title).toBe('Cobrança');
    expect(input.parties).toEqual([{ name: 'Beatriz', role: 'defendant', client_id: 'c2', published: false }]);
    // A case out of court keeps its own reference as typed, or none.
    expect(inputOf({ ...draft, kind: 'case', number: ' ' }).number).toBeNull();
  });
});

describe('F12: when to ask "notify now?"', () => {
  it('after a matter write that left clients to be told', () => {
    expect(offerAfterMatterWrite(matter({ notification_pending: true, published_to: ['c1'] }))).toBe(true);
    expect(offerAfterMatterWrite(matter({ notification_pending: true, published_to: [] }))).toBe(false);
    expect(offerAfterMatterWrite(matter({ notification_pending: false, published_to: ['c1'] }))).toBe(false);
  });

  it('after an update clients see or saw, except new news (already e-mailed)', () => {
    const change = (kind: Item['kind'], published: boolean, pending = true) => ({ item: item('1', { kind, published }), notification_pending: pending });
    expect(offerAfterUpdateWrite(change('manual_movement', true), null)).toBe(true);
    expect(offerAfterUpdateWrite(change('manual_movement', false), null)).toBe(false);
    expect(offerAfterUpdateWrite(change('automatic_movement', false), { published: true })).toBe(true); // hidden now: clients saw it
    expect(offerAfterUpdateWrite(change('news', true), null)).toBe(false);
    expect(offerAfterUpdateWrite(change('news', true), { published: true })).toBe(true);
    expect(offerAfterUpdateWrite(change('task', true, false), null)).toBe(false);
  });
});

describe('timeline edits', () => {
  it('publishes or hides a court movement with nothing else; a staff update keeps its body and due date', () => {
    expect(visibilityChange(item('1', { kind: 'automatic_movement', body: null }), false)).toEqual({
      occurred_at: null,
      text: null,
      assignee_id: null,
      body: null,
      due_at: null,
      done: false,
      published: false,
      version: 2,
    });
    expect(visibilityChange(item('1', { kind: 'task', body: 'Levar RG', due_at: '2026-10-28T18:00:00Z', done: true }), true)).toMatchObject({
      text: null,
      occurred_at: null,
      body: 'Levar RG',
      due_at: '2026-10-28T18:00:00Z',
      done: true,
      published: true,
    });
  });

  it('keeps the timeline newest first after a write, with the receipts of an update that kept its id', () => {
    const read = [{ client_id: 'c1', read_at: '2026-10-05T00:00:00Z' }];
    const items = [item('20261010000000aaaaaaaa'), item('20261005000000bbbbbbbb', { read_by: read }), item('20261001000000cccccccc')];
    const edited = placed(items, item('20261005000000bbbbbbbb', { text: 'y' }), items[1], true);
    expect(edited.map((i) => [i.id, i.text, i.read_by])).toEqual([
      ['20261010000000aaaaaaaa', 'x', []],
      ['20261005000000bbbbbbbb', 'y', read],
      ['20261001000000cccccccc', 'x', []],
    ]);
    // A new date gives a new id: the update moves, and nobody has read it under that id.
    const moved = placed(items, item('20261020000000dddddddd'), items[1], true);
    expect(moved.map((i) => [i.id, i.read_by])).toEqual([
      ['20261020000000dddddddd', []],
      ['20261010000000aaaaaaaa', []],
      ['20261001000000cccccccc', []],
    ]);
  });

  it('leaves an update older than the pages loaded for its own page, where it would otherwise show twice', () => {
    const items = [item('20261010000000aaaaaaaa')];
    expect(placed(items, item('20250101000000eeeeeeee'), null, false).map((i) => i.id)).toEqual(['20261010000000aaaaaaaa']);
    expect(placed(items, item('20250101000000eeeeeeee'), null, true).map((i) => i.id)).toEqual(['20261010000000aaaaaaaa', '20250101000000eeeeeeee']);
  });

  it('turns the local date and time of the form into an instant and back', () => {
    const iso = '2026-10-06T13:30:00.000Z';
    expect(toLocalInput(iso)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(fromLocalInput('')).toBeNull();
  });
});
