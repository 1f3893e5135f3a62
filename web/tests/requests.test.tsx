// @vitest-environment jsdom
// F19: the client's document requests. The pure parts (the checklist's order, due dates and
// history in words), the home screen's checklist and a request's page against a stubbed API:
// sending files with the Documents page's sending, then reading the request again.
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Schemas } from '../shared/api/client';
import { LANGUAGES } from '../shared/i18n';
import { CHECK_POLL, type DocumentView } from '../shared/documents';
import { catalogs } from '../portal/src/messages';
import { HomePage } from '../portal/src/pages/Modules';
import { RequestChecklist } from '../portal/src/pages/Checklist';
import { feedEntryId, RequestScreen } from '../portal/src/pages/Request';
import { checklistOrder, eventKey } from '../portal/src/requests';
import { isOverdue, today, type DocumentRequest } from '../shared/requests';
import { formatDay } from '../shared/timeline';
import { session } from '../portal/src/services';
import { DOC as A_DOCUMENT } from './document-fixtures';
import { never, page, serve, settle, show, signIn } from './screen';

const ME: Schemas['Me'] = {
  kind: 'client',
  id: 'c1',
  name: 'Maria Souza',
  email: 'maria@example.com',
  role: null,
  read_only: false,
  simulated_by: null,
  language: null,
  profile: {
    automatic_movements: true,
    manual_movements: true,
    tasks: true,
    publications: true,
    documents: true,
    include_private_matters: false,
    include_team_matters: false,
  },
};
const REQUEST: DocumentRequest = {
  id: 'r1',
  client_id: 'c1',
  client_name: 'Maria Souza',
  matter_id: 'm1',
  matter_title: 'Aposentadoria por idade',
  title: 'Comprovante de residência',
  details: 'Conta de luz ou de água\ndos últimos três meses.',
  due_date: '2999-10-10',
  status: 'pending',
  rejection_reason: null,
  history: [{ at: '2026-10-01T13:00:00Z', kind: 'requested', by: 'firm', note: null, refusal: null }],
  created_at: '2026-10-01T13:00:00Z',
  version: 1,
};
const DOC: DocumentView = {
  ...A_DOCUMENT,
  client_name: 'Maria Souza',
  matter_title: 'Aposentadoria por idade',
  request_id: 'r1',
  file_name: 'conta-de-luz.pdf',
  description: null,
  size: 120_000,
  created_at: '2026-10-02T10:00:00Z',
  checked_at: '2026-10-02T10:00:02Z',
};
const pt = catalogs['pt-BR'];
const request = (change: Partial<DocumentRequest>): DocumentRequest => ({ ...REQUEST, ...change });
const error = (status: number, code: string) => new Response(JSON.stringify({ error: { code, message: 'English message', details: [] } }), { status });

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  session.clear();
  document.body.innerHTML = '';
});

const showRequest = (me = ME) => (signIn(session), show(catalogs, <RequestScreen id="r1" me={me} />));

/** S3 as the browser reaches it: every post is taken a moment later. */
function fakeStorage() {
  class FakeXhr {
    upload = { onprogress: null as ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    ontimeout: (() => void) | null = null;
    status = 0;
    withCredentials = true;
    open() {}
    send() {
      setTimeout(() => {
        this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 100 });
        this.status = 204;
        this.onload?.();
      }, 0);
    }
  }
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
}

async function choose(root: HTMLElement, names: string[]) {
  const input = root.querySelector<HTMLInputElement>('input[type=file][multiple]');
  const files = names.map((name) => new File(['%PDF-1.4'], name, { type: 'application/pdf' }));
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  await act(() => void input?.dispatchEvent(new Event('change')));
  const label = names.length > 1 ? `Enviar ${names.length} arquivos` : 'Enviar';
  await act(() => [...root.querySelectorAll('button')].find((b) => b.textContent === label)?.click());
  for (let i = 0; i < 6; i++) await settle();
}

describe('document requests, in words', () => {
  it('puts what is still to send first, the soonest due first, then what the firm checks, then what is done', () => {
    const listed = [
      request({ id: 'done', status: 'accepted', due_date: '2026-01-01' }),
      request({ id: 'sent', status: 'submitted' }),
      request({ id: 'no-date', due_date: null }),
      request({ id: 'later', due_date: '2026-12-01' }),
      request({ id: 'soon', due_date: '2026-10-05' }),
    ];
    expect(checklistOrder(listed).map((r) => r.id)).toEqual(['soon', 'later', 'no-date', 'sent', 'done']);
  });

  it('says a due date as a day, the same day wherever the client is', () => {
    expect(formatDay('pt-BR', '2026-10-10', 'long')).toBe('10 de outubro de 2026');
    expect(formatDay('es', '2026-10-10', 'long')).toBe('10 de octubre de 2026');
    expect(formatDay('en', '2026-10-10', 'long')).toBe('October 10, 2026');
    expect(formatDay('pt-BR', '2026-01-01', 'long')).toBe('1 de janeiro de 2026');
  });

  it('is overdue only after its due day, and only while still to send', () => {
    expect(isOverdue(request({ due_date: '2026-10-09' }), '2026-10-10')).toBe(true);
    expect(isOverdue(request({ due_date: '2026-10-10' }), '2026-10-10')).toBe(false);
    expect(isOverdue(request({ due_date: null }), '2026-10-10')).toBe(false);
    expect(isOverdue(request({ due_date: '2026-10-09', status: 'submitted' }), '2026-10-10')).toBe(false);
    expect(today(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });

  it('has words for every step of a request’s history, in every language', () => {
    const kinds: Schemas['RequestEventKind'][] = ['requested', 'edited', 'file_received', 'file_refused', 'accepted', 'rejected'];
    for (const lang of LANGUAGES) {
      for (const kind of kinds) expect(catalogs[lang][eventKey({ at: '', kind, by: 'firm', note: 'x', refusal: null })], `${lang} ${kind}`).toBeTruthy();
    }
    expect(eventKey({ at: '', kind: 'rejected', by: 'firm', note: null, refusal: null })).toBe('requests.event.rejectedNoReason');
  });
});

describe('the checklist on the home screen', () => {
  it('says it is loading, then that the firm asked for nothing', async () => {
    serve({ 'GET /portal/document-requests': never });
    signIn(session);
    let root = await show(catalogs, <RequestChecklist />);
    expect(root.textContent).toContain('Carregando…');
    document.body.innerHTML = '';
    serve({ 'GET /portal/document-requests': page([]) });
    root = await show(catalogs, <RequestChecklist />);
    expect(root.textContent).toContain(pt['requests.empty']);
    expect(root.textContent).not.toContain('Carregando…');
  });

  it('is on the home screen: what is still to send under “pending documents”, then what she already sent', async () => {
    serve({
      'GET /portal/document-requests': page([REQUEST, request({ id: 'r3', title: 'Procuração assinada', status: 'accepted' })]),
      'GET /portal/feed': { items: [], next_cursor: null, unread: { total: 0, matters: [] } },
    });
    signIn(session);
    const root = await show(catalogs, <HomePage me={ME} />);
    for (let round = 0; round < 20 && !root.querySelector('.checklist'); round++) await settle();
    const checklist = root.querySelector('[aria-labelledby="requests-title"]')!;
    expect(checklist.querySelector('h2')?.textContent).toBe(pt['pending.title']);
    expect(checklist.querySelector('a[href="#/requests/r1"]')?.textContent).toContain('Comprovante de residência');
    expect(checklist.querySelector('h3')?.textContent).toBe(pt['requests.others']);
    expect(checklist.querySelector('h3 + .checklist a[href="#/requests/r3"]')?.textContent).toContain('Procuração assinada');
  });

  it('says nothing is pending when all was sent', async () => {
    serve({ 'GET /portal/document-requests': page([request({ id: 'r3', title: 'Procuração assinada', status: 'submitted' })]) });
    signIn(session);
    const root = await show(catalogs, <RequestChecklist />);
    expect(root.textContent).toContain(pt['pending.empty']);
    expect(root.querySelector('a[href="#/requests/r3"]')).not.toBeNull();
  });

  it('lists what is still to send first, with its due date and why the firm asked again; each opens its page', async () => {
    serve({
      'GET /portal/document-requests': page([
        request({ id: 'r3', title: 'Procuração assinada', status: 'accepted' }),
        request({ id: 'r2', title: 'RG e CPF', status: 'submitted', matter_id: null, matter_title: null }),
        request({ id: 'r4', title: 'Carteira de trabalho', due_date: '2020-03-02', rejection_reason: 'A foto ficou tremida.' }),
        REQUEST,
      ]),
    });
    signIn(session);
    const root = await show(catalogs, <RequestChecklist />);
    const cards = [...root.querySelectorAll<HTMLAnchorElement>('.checklist a')];
    expect(cards.map((a) => a.getAttribute('href'))).toEqual(['#/requests/r4', '#/requests/r1', '#/requests/r2', '#/requests/r3']);
    const [late, pending, submitted, accepted] = cards.map((a) => a.textContent ?? '');
    expect(late).toContain('Aguardando você');
    expect(late).toContain('Atrasado: o prazo era 2 de março de 2020');
    expect(late).toContain('O escritório pediu de novo: A foto ficou tremida.');
    expect(pending).toContain('Prazo: 10 de outubro de 2999');
    expect(pending).toContain('Processo: Aposentadoria por idade');
    expect(submitted).toContain('Enviado — o escritório está conferindo');
    expect(submitted).not.toContain('Prazo');
    expect(accepted).toContain('Concluído');
    expect(root.textContent).not.toMatch(/pending|submitted|accepted|\br\d\b/);
  });

  it('says in words when the list cannot be read, and reads it again', async () => {
    let calls = 0;
    serve({ 'GET /portal/document-requests': () => (calls++ === 0 ? error(500, 'internal_error') : page([])) });
    signIn(session);
    const root = await show(catalogs, <RequestChecklist />);
    expect(root.querySelector('[role=alert]')?.textContent).toBe(pt['error.server_error']);
    await act(() => root.querySelector<HTMLButtonElement>('button')?.click());
    await settle();
    expect(root.textContent).toContain(pt['requests.empty']);
  });
});

describe('a request’s page', () => {
  it('says it is loading, and says in words when the request is not there', async () => {
    serve({ 'GET /portal/document-requests/r1': never });
    let root = await showRequest();
    expect(root.textContent).toContain('Carregando…');
    document.body.innerHTML = '';
    serve({ 'GET /portal/document-requests/r1': error(404, 'not_found') });
    root = await showRequest();
    expect(root.querySelector('[role=alert]')?.textContent).toBe(pt['error.not_found']);
  });

  it('shows what the firm asked for, by when, where it stands, why it was asked again, the files sent and the history in words', async () => {
    const refused = { ...DOC, id: 'd2', file_name: 'foto.heic', status: 'refused' as const, refusal: 'unreadable' as const, refusal_message: 'English words' };
    serve({
      'GET /portal/document-requests/r1': {
        request: request({
          rejection_reason: 'Está ilegível.',
          history: [
            { at: '2026-10-01T13:00:00Z', kind: 'requested', by: 'firm', note: null, refusal: null },
            { at: '2026-10-02T13:00:00Z', kind: 'file_refused', by: 'client', note: 'foto.heic', refusal: 'unreadable' },
            { at: '2026-10-02T13:05:00Z', kind: 'file_received', by: 'client', note: 'conta-de-luz.pdf', refusal: null },
            { at: '2026-10-03T13:00:00Z', kind: 'rejected', by: 'firm', note: 'Está ilegível.', refusal: null },
          ],
        }),
        documents: [DOC, refused],
      },
    });
    const root = await showRequest();
    const text = root.textContent ?? '';
    expect(root.querySelector('h1')?.textContent).toBe('Comprovante de residência');
    expect(root.querySelector('.request-details')?.textContent).toBe('Conta de luz ou de água\ndos últimos três meses.');
    expect(text).toContain('10 de outubro de 2999');
    expect(text).toContain('Aguardando você');
    expect(text).toContain('O escritório pediu de novo: Está ilegível.');
    expect(root.querySelector('a[href="#/matters/m1"]')?.textContent).toBe('Aposentadoria por idade');
    const files = [...root.querySelectorAll('tbody tr')].map((row) => row.textContent ?? '');
    expect(files[0]).toContain('conta-de-luz.pdf');
    expect(files[0]).toContain('Recebido');
    expect(files[1]).toContain('Recusado: o arquivo está danificado ou não pôde ser lido.');
    const history = [...root.querySelectorAll('.request-history li')].map((li) => li.textContent ?? '');
    expect(history).toHaveLength(4);
    expect(history[0]).toContain('O escritório fez o pedido');
    expect(history[0]).toMatch(/2026/);
    expect(history[1]).toContain('foto.heic foi recusado: o arquivo está danificado ou não pôde ser lido.');
    expect(history[2]).toContain('conta-de-luz.pdf foi recebido');
    expect(history[3]).toContain('O escritório não aceitou o que você enviou: Está ilegível.');
    expect(text).not.toMatch(/English words|unreadable|file_refused|pending/);
    // Still to send: the sending is there, camera included.
    expect(root.querySelector('input[capture=environment]')).not.toBeNull();
    expect(root.querySelector('#send-title')?.textContent).toBe(pt['requests.send']);
  });

  it('reads its entry in her home feed once when she opens it', async () => {
    expect(feedEntryId('2026-10-01T13:00:00Z', 'r1')).toBe('20261001130000r1');
    expect(feedEntryId('2026-10-01T10:00:05.123-03:00', 'r1')).toBe('20261001130005r1');
    const served = serve({
      'GET /portal/document-requests/r1': { request: request({}), documents: [] },
      'POST /portal/feed/20261001130000r1/read': new Response(null, { status: 204 }),
    });
    await showRequest();
    await settle();
    expect(served.calls.filter((c) => c.startsWith('POST'))).toEqual(['POST /portal/feed/20261001130000r1/read']);
  });

  it('sends files to the request, then reads it again: a refused file says why, and the request turns to sent', async () => {
    CHECK_POLL.delayMs = 0;
    fakeStorage();
    const waiting = (id: string, file_name: string) => ({ ...DOC, id, file_name, status: 'awaiting_upload' as const });
    const form = { url: 'http://s3.test/b', fields: { key: 'k' }, expires_at: '' };
    let reads = 0;
    const served = serve({
      'GET /portal/document-requests/r1': () =>
        reads++ === 0
          ? { request: REQUEST, documents: [] }
          : {
              request: request({ status: 'submitted' }),
              documents: [
                { ...waiting('d2', 'tremida.pdf'), status: 'refused', refusal: 'disguised' },
                { ...waiting('d1', 'conta-de-luz.pdf'), status: 'available' },
              ],
            },
      'POST /portal/document-requests/r1/uploads': new Response(
        JSON.stringify([
          { document: waiting('d1', 'conta-de-luz.pdf'), form },
          { document: waiting('d2', 'tremida.pdf'), form },
        ]),
        { status: 201 },
      ),
    });
    const bodies = served.bodies.POST;
    const root = await showRequest();
    expect(root.textContent).toContain(pt['requests.filesEmpty']);
    expect(root.querySelector('select')).toBeNull();
    await choose(root, ['conta-de-luz.pdf', 'tremida.pdf']);
    // Where the files go is the request: no case, only the files and their description.
    expect(bodies).toEqual([
      {
        files: [
          { file_name: 'conta-de-luz.pdf', content_type: 'application/pdf', size: 8 },
          { file_name: 'tremida.pdf', content_type: 'application/pdf', size: 8 },
        ],
        description: null,
      },
    ]);
    expect(served.calls.filter((call) => call === 'GET /portal/document-requests/r1').length).toBeGreaterThanOrEqual(2);
    const rows = [...root.querySelectorAll('.upload')].map((row) => row.textContent ?? '');
    expect(rows[0]).toContain('Recebido');
    expect(rows[1]).toContain('Recusado: o conteúdo do arquivo não corresponde ao nome ou ao tipo dele.');
    expect(root.querySelector('.details')?.textContent).toContain('Enviado — o escritório está conferindo');
    expect(root.querySelectorAll('tbody tr')).toHaveLength(2);
    // The firm has what it needs: what was sent stays listed, nothing more is offered.
    expect(root.querySelector('input[type=file]')).toBeNull();
    expect(root.querySelector('#send-title')?.textContent).toBe(pt['requests.chosen']);
    expect(root.textContent).not.toContain(pt['requests.send']);
    expect(root.textContent).toContain(pt['requests.submittedNote']);
  });

  it('says in words when the firm already has what was sent', async () => {
    fakeStorage();
    let reads = 0;
    serve({
      'GET /portal/document-requests/r1': () =>
        reads++ === 0 ? { request: REQUEST, documents: [] } : { request: request({ status: 'submitted' }), documents: [DOC] },
      'POST /portal/document-requests/r1/uploads': error(409, 'request_fulfilled'),
    });
    const root = await showRequest();
    await choose(root, ['conta-de-luz.pdf']);
    expect(root.querySelector('[role=alert]')?.textContent).toBe(pt['requests.fulfilled']);
    expect(root.querySelector('.details')?.textContent).toContain('Enviado — o escritório está conferindo');
    expect(root.querySelector('input[type=file]')).toBeNull();
  });

  it('says what is left once sent or done, and offers no sending then', async () => {
    serve({ 'GET /portal/document-requests/r1': { request: request({ status: 'submitted' }), documents: [DOC] } });
    let root = await showRequest();
    expect(root.textContent).toContain(pt['requests.submittedNote']);
    expect(root.querySelector('input[type=file]')).toBeNull();
    document.body.innerHTML = '';
    serve({ 'GET /portal/document-requests/r1': { request: request({ status: 'accepted' }), documents: [{ ...DOC, review: 'accepted' }] } });
    root = await showRequest();
    expect(root.textContent).toContain(pt['requests.acceptedNote']);
    expect(root.textContent).toContain('Aceito pelo escritório');
    expect(root.querySelector('input[type=file]')).toBeNull();
  });

  it.each([
    ['a link session', { ...ME, read_only: true }],
    ['a simulation', { ...ME, simulated_by: 'stf1' }],
  ])('offers %s no sending, and says so', async (_, me) => {
    serve({ 'GET /portal/document-requests/r1': { request: REQUEST, documents: [DOC] } });
    const root = await showRequest(me);
    expect(root.querySelector('input[type=file]')).toBeNull();
    expect(root.textContent).toContain(pt['requests.readOnly']);
    expect(root.querySelector('button[aria-label="Baixar conta-de-luz.pdf"]')).not.toBeNull();
  });

  it('reads a request again while files sent a moment ago are still being checked', async () => {
    CHECK_POLL.delayMs = 0;
    let reads = 0;
    serve({
      'GET /portal/document-requests/r1': () =>
        reads++ < 2
          ? { request: REQUEST, documents: [{ ...DOC, status: 'awaiting_upload' }] }
          : { request: request({ status: 'submitted' }), documents: [DOC] },
    });
    const root = await showRequest();
    for (let i = 0; i < 4; i++) await settle();
    expect(reads).toBe(3);
    expect(root.querySelector('tbody')?.textContent).toContain('Recebido');
    expect(root.querySelector('.details')?.textContent).toContain('Enviado — o escritório está conferindo');
  });
});
