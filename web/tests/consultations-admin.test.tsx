// @vitest-environment jsdom
// F20 in the admin app: the filters as the list's query, the new consultation's body (a client or
// a prospect), the star, the thread of entries, conversion into a matter, and my tasks.
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Schemas } from '../shared/api/client';
import {
  changeBody,
  creationBody,
  draftOf,
  draftProblem,
  editBody,
  filtered,
  listQuery,
  newDraft,
  NO_FILTERS,
  overdue,
  type Consultation,
} from '../admin/src/consultations';
import { catalogs } from '../admin/src/messages';
import { ConsultationPage } from '../admin/src/pages/Consultation';
import { EditConsultationPage, NewConsultationPage } from '../admin/src/pages/ConsultationForm';
import { ConsultationsPage } from '../admin/src/pages/Consultations';
import { MyTasksPage } from '../admin/src/pages/MyTasks';
import { StaffTimeline } from '../admin/src/pages/Timeline';
import { session } from '../admin/src/services';
import { DOC } from './document-fixtures';
import { never, page, serve, settle, show, signIn } from './screen';

const ME: Schemas['Me'] = {
  kind: 'staff',
  id: 'stf1',
  name: 'Ana Silva',
  email: 'ana@silva.example.com',
  role: 'admin',
  read_only: false,
  simulated_by: null,
  language: null,
  profile: null,
};
const STAFF = page([
  { id: 'stf1', email: 'ana@silva.example.com', name: 'Ana Silva', role: 'admin', status: 'active', created_at: '2026-01-01T00:00:00Z', version: 1 },
  { id: 'stf2', email: 'paulo@silva.example.com', name: 'Paulo Lima', role: 'staff', status: 'active', created_at: '2026-01-01T00:00:00Z', version: 1 },
]);
const ANA = { id: 'stf1', name: 'Ana Silva' };
const PAULO = { id: 'stf2', name: 'Paulo Lima' };

const CONSULTATION: Consultation = {
  id: 'cons1',
  subject: 'Revisão do aluguel',
  occurred_at: '2026-11-30T14:00:00Z',
  client_id: null,
  client_name: null,
  prospect: { name: 'Carla Nunes', emails: ['carla@example.com'], phone: null },
  staff: [ANA],
  important: false,
  earlier_consultation_id: null,
  matter_id: null,
  matter_title: null,
  entry_count: 1,
  open_task_count: 0,
  document_count: 0,
  created_at: '2026-11-30T14:05:00Z',
  created_by: ANA,
  updated_at: '2026-11-30T14:05:00Z',
  version: 3,
};

const input = async (element: HTMLInputElement | HTMLTextAreaElement, value: string) =>
  act(() => {
    element.value = value;
    element.dispatchEvent(new Event('input', { bubbles: true }));
  });
const click = async (element: Element | null | undefined) => {
  await act(() => (element as HTMLElement).click());
  await settle();
};
const labelled = (root: HTMLElement, text: string) => {
  const label = [...root.querySelectorAll('label')].find((l) => l.textContent?.trim() === text)!;
  return (label.htmlFor ? root.querySelector<HTMLInputElement>(`#${label.htmlFor}`) : label.querySelector('input'))!;
};
const button = (root: HTMLElement, text: string) =>
  [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === text || b.getAttribute('aria-label') === text);

beforeAll(() => {
  // jsdom has no modal dialogs: open and close are enough here.
  HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close = function (this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
});

afterEach(() => {
  vi.unstubAllGlobals();
  session.clear();
  document.body.innerHTML = '';
  location.hash = '';
});

const admin = (node: preact.ComponentChildren) => (signIn(session), show(catalogs, node));

describe('the rules of the consultation screens', () => {
  it('sends only the filters that narrow the list', () => {
    expect(listQuery(NO_FILTERS, null, 25)).toEqual({
      important: null,
      client_id: null,
      staff_id: null,
      matter: null,
      from: null,
      to: null,
      q: null,
      cursor: null,
      limit: 25,
    });
    const narrowed = { ...NO_FILTERS, important: true, client: { id: 'c1', name: 'Maria' }, matter: 'unlinked' as const, from: '2026-11-01', q: ' aluguel ' };
    expect(listQuery(narrowed, 'next', 25)).toMatchObject({
      important: true,
      client_id: 'c1',
      matter: 'unlinked',
      from: '2026-11-01',
      to: null,
      q: 'aluguel',
      cursor: 'next',
    });
    expect(filtered(NO_FILTERS)).toBe(false);
    expect(filtered({ ...NO_FILTERS, q: '  ' })).toBe(false);
    expect(filtered(narrowed)).toBe(true);
  });

  it('makes a consultation with a client or with a prospect, never both', () => {
    const draft = { ...newDraft('2026-11-30T11:00'), subject: ' Primeira reunião ', client: { id: 'c1', name: 'Maria' } };
    expect(draftProblem(draft)).toBeNull();
    expect(creationBody(draft)).toMatchObject({ subject: 'Primeira reunião', client_id: 'c1', prospect: null, staff_ids: [], text: null });
    const prospect = {
      ...draft,
      who: 'prospect' as const,
      prospectName: 'Carla Nunes',
      prospectEmails: 'carla@example.com, c.nunes@example.com',
      staffIds: ['stf2'],
    };
    expect(creationBody(prospect)).toMatchObject({
      client_id: null,
      prospect: { name: 'Carla Nunes', emails: ['carla@example.com', 'c.nunes@example.com'], phone: null },
      staff_ids: ['stf2'],
    });
    expect(draftProblem({ ...draft, client: null })).toBe('client');
    expect(draftProblem({ ...prospect, prospectName: ' ' })).toBe('prospect_name');
  });

  it('changes a link and keeps every other field, at the version it read', () => {
    expect(changeBody(CONSULTATION, { matter_id: 'm9' })).toEqual({
      subject: 'Revisão do aluguel',
      occurred_at: '2026-11-30T14:00:00Z',
      client_id: null,
      prospect: CONSULTATION.prospect,
      staff_ids: ['stf1'],
      important: false,
      earlier_consultation_id: null,
      matter_id: 'm9',
      version: 3,
    });
  });

  it('calls an open task overdue once its moment has passed, never a done one', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    expect(overdue({ due_at: '2026-12-01T11:00:00Z', done: false }, now)).toBe(true);
    expect(overdue({ due_at: '2026-12-01T11:00:00Z', done: true }, now)).toBe(false);
    expect(overdue({ due_at: '2026-12-02T11:00:00Z', done: false }, now)).toBe(false);
    expect(overdue({ due_at: null, done: false }, now)).toBe(false);
  });
});

describe('the consultations list', () => {
  it('stars one in place, and filters by important and by subject words', async () => {
    const served = serve({
      'GET /staff': STAFF,
      'GET /consultations': page([CONSULTATION]),
      'PUT /consultations/cons1/importance': { ...CONSULTATION, important: true },
    });
    const root = await admin(<ConsultationsPage />);
    expect(root.textContent).toContain('Carla Nunes (possível cliente)');
    expect(root.textContent).toContain('1 registro');
    await click(button(root, 'Marcar “Revisão do aluguel” como importante'));
    expect(served.bodies.PUT).toEqual([{ important: true }]);
    expect(button(root, 'Desmarcar “Revisão do aluguel” como importante')).toBeTruthy();

    await act(() => labelled(root, 'Só os importantes').click());
    await settle();
    await input(root.querySelector<HTMLInputElement>('#consultation-search')!, 'aluguel');
    await act(() => root.querySelector<HTMLFormElement>('form[role="search"]')!.requestSubmit());
    await settle();
    const last = served.calls.filter((call) => call.startsWith('GET /consultations')).pop()!;
    expect(last).toContain('important=true');
    expect(last).toContain('q=aluguel');
  });

  it('says when nothing matches the filters, not that there is nothing yet', async () => {
    serve({ 'GET /staff': STAFF, 'GET /consultations': page([]) });
    const root = await admin(<ConsultationsPage />);
    expect(root.textContent).toContain('Nenhum atendimento ainda.');
    await act(() => labelled(root, 'Só os importantes').click());
    await settle();
    expect(root.textContent).toContain('Nenhum atendimento corresponde a estes filtros.');
  });
});

describe('a new consultation', () => {
  it('asks for the client before sending, then logs one with a prospect and opens it', async () => {
    const served = serve({ 'GET /staff': STAFF, 'POST /consultations': { ...CONSULTATION, id: 'cons2' } });
    const root = await admin(<NewConsultationPage me={ME} />);
    await input(labelled(root, 'Assunto'), 'Revisão do aluguel');
    await click(button(root, 'Registrar o atendimento'));
    expect(root.textContent).toContain('Escolha o cliente, ou mude para um possível cliente.');
    expect(served.bodies.POST).toEqual([]);

    await act(() => labelled(root, 'Alguém que ainda não é cliente (possível cliente)').click());
    await settle();
    await input(labelled(root, 'Nome do possível cliente'), 'Carla Nunes');
    await input(labelled(root, 'E-mails do possível cliente (opcional)'), 'carla@example.com');
    await act(() => labelled(root, 'Paulo Lima').click());
    await input(root.querySelector('textarea')!, 'Quer rever o aluguel da loja.');
    await click(button(root, 'Registrar o atendimento'));
    expect(served.bodies.POST).toEqual([
      expect.objectContaining({
        subject: 'Revisão do aluguel',
        client_id: null,
        prospect: { name: 'Carla Nunes', emails: ['carla@example.com'], phone: null },
        staff_ids: ['stf2'],
        text: 'Quer rever o aluguel da loja.',
      }),
    ]);
    expect(location.hash).toBe('#/consultations/cons2');
  });
});

describe('editing a consultation', () => {
  it('opens the form filled in, without the first entry, and saves over the version it read', async () => {
    const served = serve({
      'GET /staff': STAFF,
      'GET /consultations/cons1': CONSULTATION,
      'PUT /consultations/cons1': { ...CONSULTATION, subject: 'Revisão do aluguel da loja', version: 4 },
    });
    const root = await admin(<EditConsultationPage id="cons1" me={ME} />);
    expect(labelled(root, 'Assunto').value).toBe('Revisão do aluguel');
    expect(labelled(root, 'Nome do possível cliente').value).toBe('Carla Nunes');
    expect(labelled(root, 'E-mails do possível cliente (opcional)').value).toBe('carla@example.com');
    expect(root.querySelector('textarea')).toBeNull();
    await input(labelled(root, 'Assunto'), 'Revisão do aluguel da loja');
    await act(() => labelled(root, 'Paulo Lima').click());
    await click(button(root, 'Salvar as alterações'));
    expect(served.bodies.PUT).toEqual([changeBody(CONSULTATION, { subject: 'Revisão do aluguel da loja', staff_ids: ['stf1', 'stf2'] })]);
    expect(location.hash).toBe('#/consultations/cons1');
  });

  it('says why when a converted consultation would change its client', async () => {
    serve({
      'GET /staff': STAFF,
      'GET /consultations/cons1': CONSULTATION,
      'PUT /consultations/cons1': () =>
        new Response(JSON.stringify({ error: { code: 'converted', message: 'Converted.', details: [] } }), {
          status: 409,
          headers: { 'content-type': 'application/json' },
        }),
    });
    const root = await admin(<EditConsultationPage id="cons1" me={ME} />);
    await click(button(root, 'Salvar as alterações'));
    expect(root.textContent).toContain('Este atendimento foi convertido em processo: o cliente continua o mesmo.');
  });

  it('round-trips a consultation with a client through the form', () => {
    const withClient = { ...CONSULTATION, client_id: 'c1', client_name: 'Maria', prospect: null, important: true };
    const draft = draftOf(withClient);
    expect(draft).toMatchObject({ who: 'client', client: { id: 'c1', name: 'Maria' }, staffIds: ['stf1'], important: true, text: '' });
    expect(editBody(withClient, draft)).toEqual(changeBody(withClient, {}));
  });
});

describe('a consultation’s page', () => {
  const entry = (id: string, author: { id: string; name: string }, text: string) => ({
    id,
    consultation_id: 'cons1',
    author,
    written_at: '2026-11-30T14:10:00Z',
    text,
    version: 1,
  });
  const routes = (extra: Record<string, unknown> = {}) => ({
    'GET /staff': STAFF,
    'GET /consultations/cons1': CONSULTATION,
    'GET /consultations/cons1/entries': page([entry('e1', ANA, 'Primeira conversa.')]),
    'GET /consultations/cons1/documents': page([]),
    'GET /consultations/cons1/tasks': page([]),
    'GET /consultations': page([]),
    'GET /matters': page([]),
    ...extra,
  });

  it('shows the thread with each author and adds an entry at its end', async () => {
    const served = serve(routes({ 'POST /consultations/cons1/entries': entry('e2', PAULO, 'Proposta de honorários enviada.') }));
    const root = await admin(<ConsultationPage id="cons1" me={ME} />);
    expect(root.querySelector('h1')!.textContent).toContain('Revisão do aluguel');
    expect(root.textContent).toContain('Nenhuma tarefa para este atendimento ainda.');
    expect(root.textContent).toContain('Nenhum arquivo anexado a este atendimento ainda.');
    await input(root.querySelector<HTMLTextAreaElement>('section[aria-labelledby="entries-title"] textarea')!, 'Proposta de honorários enviada.');
    await click(button(root, 'Adicionar o registro'));
    expect(served.bodies.POST).toEqual([{ text: 'Proposta de honorários enviada.' }]);
    const thread = [...root.querySelectorAll('.thread__entry')].map((li) => li.textContent);
    expect(thread).toHaveLength(2);
    expect(thread[0]).toContain('Ana Silva');
    expect(thread[1]).toContain('Paulo Lima');
    expect(thread[1]).toContain('Proposta de honorários enviada.');
  });

  it('lets the author correct her own entry over its version, and nobody else’s', async () => {
    const served = serve(
      routes({
        'GET /consultations/cons1/entries': page([entry('e1', ANA, 'Primeira conversa.'), entry('e2', PAULO, 'Proposta enviada.')]),
        'PUT /consultations/cons1/entries/e1': { ...entry('e1', ANA, 'Primeira conversa, por telefone.'), version: 2 },
        'GET /consultations/cons1/documents': page([
          {
            ...DOC,
            client_id: null,
            matter_id: null,
            file_name: 'Procuração.pdf',
            uploader: 'staff',
            review: null,
            consultation_id: 'cons1',
            consultation_entry_id: 'e2',
          },
        ]),
      }),
    );
    const root = await admin(<ConsultationPage id="cons1" me={ME} />);
    const [mine, his] = [...root.querySelectorAll<HTMLElement>('.thread__entry')];
    expect(button(his, 'Editar meu registro')).toBeUndefined();
    expect(his.textContent).toContain('Anexos: Procuração.pdf');
    expect(mine.textContent).not.toContain('Anexos');
    await click(button(mine, 'Editar meu registro'));
    await input(mine.querySelector('textarea')!, 'Primeira conversa, por telefone.');
    await click(button(mine, 'Salvar'));
    expect(served.bodies.PUT).toEqual([{ text: 'Primeira conversa, por telefone.', version: 1 }]);
    expect(root.querySelector('.thread__entry')!.textContent).toContain('Primeira conversa, por telefone.');
    expect(root.querySelector('.thread__entry textarea')).toBeNull();
  });

  it('links it to a matter over its version, keeping every other field, and says so', async () => {
    const matter = {
      id: 'm7',
      title: 'Inventário',
      number: null,
      status: 'active',
      public: false,
      responsible_lawyer_name: null,
      updated_at: '2026-11-30T14:00:00Z',
    };
    const served = serve(
      routes({ 'GET /matters': page([matter]), 'PUT /consultations/cons1': { ...CONSULTATION, matter_id: 'm7', matter_title: 'Inventário', version: 4 } }),
    );
    const root = await admin(<ConsultationPage id="cons1" me={ME} />);
    const links = root.querySelector<HTMLElement>('section[aria-labelledby="links-title"]')!;
    const select = labelled(links, 'Processo') as unknown as HTMLSelectElement;
    await act(() => {
      select.value = 'm7';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await click(button(links, 'Salvar os vínculos'));
    expect(served.bodies.PUT).toEqual([changeBody(CONSULTATION, { matter_id: 'm7' })]);
    expect(root.textContent).toContain('Vínculos salvos.');
    expect(root.textContent).toContain('Este atendimento está vinculado ao processo “Inventário”.');
  });

  it('offers deletion to an admin or to whoever logged it, and to nobody once it is linked to a matter', async () => {
    const PAULO_ME = { ...ME, id: 'stf2', name: 'Paulo Lima', role: 'staff' as const };
    const deletes = async (me: typeof ME, consultation: Consultation) => {
      serve(routes({ 'GET /consultations/cons1': consultation }));
      const root = await admin(<ConsultationPage id="cons1" me={me} />);
      const offered = button(root, 'Excluir o atendimento') !== undefined;
      document.body.innerHTML = '';
      return offered;
    };
    expect(await deletes(ME, CONSULTATION)).toBe(true);
    expect(await deletes(PAULO_ME, CONSULTATION)).toBe(false);
    expect(await deletes(PAULO_ME, { ...CONSULTATION, created_by: PAULO })).toBe(true);
    expect(await deletes(ME, { ...CONSULTATION, matter_id: 'm7', matter_title: 'Revisão do aluguel' })).toBe(false);
  });

  it('converts it after the question, at its version, and opens the new matter', async () => {
    const served = serve(routes({ 'POST /consultations/cons1/conversion': { consultation: { ...CONSULTATION, matter_id: 'm7' }, matter: { id: 'm7' } } }));
    const root = await admin(<ConsultationPage id="cons1" me={ME} />);
    await click(button(root, 'Converter em processo'));
    const dialog = root.querySelector('dialog')!;
    expect(dialog.hasAttribute('open')).toBe(true);
    expect(dialog.textContent).toContain('com Carla Nunes como parte');
    await click(button(dialog, 'Converter'));
    expect(served.bodies.POST).toEqual([{ title: 'Revisão do aluguel', kind: 'case', number: null, responsible_lawyer_id: null, version: 3 }]);
    expect(location.hash).toBe('#/matters/m7');
  });

  it('says in words that it was converted already', async () => {
    const conflict = new Response(JSON.stringify({ error: { code: 'already_converted', message: 'Already converted', details: [] } }), { status: 409 });
    serve(routes({ 'POST /consultations/cons1/conversion': conflict }));
    const root = await admin(<ConsultationPage id="cons1" me={ME} />);
    await click(button(root, 'Converter em processo'));
    await click(button(root.querySelector('dialog')!, 'Converter'));
    expect(root.querySelector('dialog')!.textContent).toContain('Este atendimento já foi convertido em processo.');
  });
});

describe('my tasks', () => {
  const task = (id: string, source: { consultation_id: string | null; matter_id: string | null; source_title: string }) => ({
    id,
    title: `Tarefa ${id}`,
    assignee: ANA,
    due_at: null,
    done: false,
    created_at: '2026-11-30T14:00:00Z',
    version: 2,
    ...source,
  });

  it('links each task to its consultation or matter, and ticks a consultation’s done over its version', async () => {
    const served = serve({
      'GET /me/tasks': page([
        task('t1', { consultation_id: 'cons1', matter_id: null, source_title: 'Revisão do aluguel' }),
        task('t2', { consultation_id: null, matter_id: 'm1', source_title: 'Inventário' }),
      ]),
      'PUT /tasks/t1': { ...task('t1', { consultation_id: 'cons1', matter_id: null, source_title: 'Revisão do aluguel' }), done: true, version: 3 },
    });
    const root = await admin(<MyTasksPage />);
    const links = [...root.querySelectorAll('tbody a')].map((a) => [a.getAttribute('href'), a.textContent]);
    expect(links).toEqual([
      ['#/consultations/cons1', 'Atendimento: Revisão do aluguel'],
      ['#/matters/m1', 'Processo: Inventário'],
    ]);
    expect(root.textContent).toContain('Sem prazo');
    expect(root.querySelectorAll('input[type="checkbox"]')).toHaveLength(1);
    await act(() => root.querySelector<HTMLInputElement>('input[aria-label="Marcar “Tarefa t1” como feita"]')!.click());
    await settle();
    expect(served.bodies.PUT).toEqual([{ title: 'Tarefa t1', assignee_id: 'stf1', due_at: null, done: true, version: 2 }]);
    expect(root.querySelector<HTMLInputElement>('input[type="checkbox"]')!.checked).toBe(true);
  });
});

describe('ticking a task', () => {
  it('goes back, and says why, when the task changed meanwhile', async () => {
    const open = {
      id: 't1',
      title: 'Pedir o contrato',
      assignee: ANA,
      due_at: null,
      done: false,
      consultation_id: 'cons1',
      matter_id: null,
      source_title: 'Revisão do aluguel',
      created_at: '2026-11-30T14:00:00Z',
      version: 2,
    };
    const stale = new Response(JSON.stringify({ error: { code: 'stale_version', message: 'Stale', details: [] } }), { status: 409 });
    serve({ 'GET /me/tasks': page([open]), 'PUT /tasks/t1': stale });
    const root = await admin(<MyTasksPage />);
    await act(() => root.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click());
    await settle();
    expect(root.querySelector<HTMLInputElement>('input[type="checkbox"]')!.checked).toBe(false);
    expect(root.querySelector('[role="alert"]')!.textContent).toBe(catalogs['pt-BR']['error.stale_version']);
  });
});

describe('a matter’s task', () => {
  const MATTER: Schemas['Matter'] = {
    id: 'm1',
    firm_id: 'silva',
    kind: 'case',
    number: null,
    title: 'Inventário',
    status: 'active',
    court: null,
    venue: null,
    instance: null,
    procedural_class: null,
    court_published: false,
    parties: [],
    billing_client_id: null,
    responsible_lawyer_id: null,
    responsible_lawyer_name: null,
    private: false,
    team: false,
    related: [],
    published_to: [],
    notification_pending: false,
    notification_pending_at: null,
    stage_override: null,
    court_stage: null,
    stage: null,
    consultation_id: null,
    consultation_count: 0,
    created_at: '2026-10-01T10:00:00Z',
    updated_at: '2026-10-01T10:00:00Z',
    version: 1,
  };

  it('is given to the staff member chosen, so that it is in their tasks; none chosen is the writer’s', async () => {
    const served = serve({ 'GET /staff': STAFF, 'GET /matters/m1/timeline': page([]), 'POST /matters/m1/timeline': never });
    const root = await admin(<StaffTimeline matter={MATTER} onWritten={() => undefined} />);
    const kind = root.querySelector<HTMLSelectElement>('details select')!;
    await act(() => {
      kind.value = 'task';
      kind.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const assignee = labelled(root, 'Quem faz') as unknown as HTMLSelectElement;
    expect([...assignee.options].map((option) => option.textContent)).toEqual(['Eu (quem escreve)', 'Ana Silva', 'Paulo Lima']);
    await input(root.querySelector<HTMLInputElement>('details input[type="text"]')!, 'Pedir a certidão de óbito');
    await act(() => {
      assignee.value = 'stf2';
      assignee.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await act(() => root.querySelector<HTMLFormElement>('details form')!.requestSubmit());
    await settle();
    expect(served.bodies.POST).toEqual([expect.objectContaining({ kind: 'task', text: 'Pedir a certidão de óbito', assignee_id: 'stf2' })]);
  });
});
