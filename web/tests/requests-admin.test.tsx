// @vitest-environment jsdom
// F18-F19 in the admin app: document requests in words, the review queue, the requests of a
// matter and of a client, and one request's page, against a stubbed API.
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { catalogs } from '../admin/src/messages';
import { MatterRequests, ClientDocumentsTab, RequestPage } from '../admin/src/pages/Requests';
import { ReviewQueuePage } from '../admin/src/pages/ReviewQueue';
import { eventWords, lessOne, statusWords, waitsForReview } from '../admin/src/requests';
import { isOverdue, today, type DocumentRequest } from '../shared/requests';
import { session } from '../admin/src/services';
import { format, type Translate } from '../shared/i18n';
import { formatDay } from '../shared/timeline';
import { DOC } from './document-fixtures';
import { never, page, serve, settle, show, signIn } from './screen';

const pt = catalogs['pt-BR'];
const t: Translate<keyof typeof pt> = (key, values) => format(pt[key], values);

const REQUEST: DocumentRequest = {
  id: 'r1',
  client_id: 'c1',
  client_name: 'Maria Souza',
  matter_id: 'm1',
  matter_title: 'Aposentadoria por idade',
  title: 'Comprovante de endereço',
  details: 'Conta de luz ou de água dos últimos 3 meses.',
  due_date: '2026-12-20',
  status: 'pending',
  rejection_reason: null,
  history: [{ at: '2026-12-01T10:00:00Z', kind: 'requested', by: 'firm', note: null, refusal: null }],
  created_at: '2026-12-01T10:00:00Z',
  version: 1,
};
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const buttons = (root: HTMLElement, text: string) => [...root.querySelectorAll('button')].filter((b) => b.textContent === text);
const statusText = (root: HTMLElement) => [...root.querySelectorAll('[role="status"]')].map((element) => element.textContent).join(' | ');

async function type(element: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null | undefined, value: string) {
  if (!element) throw new Error('no such field');
  element.value = value;
  await act(() => void element.dispatchEvent(new Event(element instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true })));
}

const byLabel = (root: HTMLElement, label: string) => {
  const id = [...root.querySelectorAll('label')].find((l) => l.textContent === label)?.htmlFor;
  return id ? root.querySelector<HTMLInputElement>(`#${id}`) : null;
};

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  session.clear();
  document.body.innerHTML = '';
  location.hash = '';
});

describe('a document request, in words', () => {
  it('says where it stands, and that it waits again after a rejection', () => {
    expect(statusWords(t, REQUEST)).toBe('Aguardando o cliente');
    expect(statusWords(t, { ...REQUEST, rejection_reason: 'Ilegível' })).toBe('Aguardando o cliente de novo');
    expect(statusWords(t, { ...REQUEST, status: 'submitted' })).toBe('Enviado pelo cliente — a analisar');
    expect(statusWords(t, { ...REQUEST, status: 'accepted' })).toBe('Aceita');
  });

  it('is late while the client has not sent anything after its due date', () => {
    expect(isOverdue(REQUEST, '2026-12-21')).toBe(true);
    expect(isOverdue(REQUEST, '2026-12-20')).toBe(false);
    expect(isOverdue({ ...REQUEST, status: 'submitted' }, '2026-12-21')).toBe(false);
    expect(isOverdue({ ...REQUEST, due_date: null }, '2026-12-21')).toBe(false);
    expect(today(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });

  it('says each step of its history', () => {
    const at = '2026-12-02T10:00:00Z';
    expect(eventWords(t, { at, kind: 'requested', by: 'firm', note: null, refusal: null })).toBe('Solicitada pelo escritório');
    expect(eventWords(t, { at, kind: 'edited', by: 'firm', note: null, refusal: null })).toBe('Alterada pelo escritório');
    expect(eventWords(t, { at, kind: 'file_received', by: 'client', note: 'conta.pdf', refusal: null })).toBe('O cliente enviou conta.pdf');
    expect(eventWords(t, { at, kind: 'file_refused', by: 'client', note: 'foto.heic', refusal: 'unreadable' })).toBe(
      'foto.heic foi recusado: o arquivo está danificado ou não pôde ser lido.',
    );
    expect(eventWords(t, { at, kind: 'accepted', by: 'firm', note: null, refusal: null })).toBe('Aceita pelo escritório');
    expect(eventWords(t, { at, kind: 'rejected', by: 'firm', note: 'Está cortado.', refusal: null })).toBe('Rejeitada pelo escritório: Está cortado.');
  });

  it('writes a due date as the same day wherever the reader is', () => {
    expect(formatDay('pt-BR', '2026-12-20')).toBe('20 de dez. de 2026');
    expect(formatDay('en', '2026-01-01')).toBe('Jan 1, 2026');
  });

  it('counts one less for the client and the matter of a document reviewed in the queue', () => {
    const counts = [
      { id: 'c1', name: 'Maria Souza', count: 2 },
      { id: 'c2', name: 'João Pereira', count: 1 },
    ];
    expect(lessOne(counts, 'c1')).toEqual([{ id: 'c1', name: 'Maria Souza', count: 1 }, counts[1]]);
    expect(lessOne(counts, 'c2')).toEqual([counts[0]]);
    expect(lessOne(counts, null)).toEqual(counts);
    expect(waitsForReview(DOC)).toBe(true);
    expect(waitsForReview({ ...DOC, review: 'accepted' })).toBe(false);
  });
});

describe('the review queue', () => {
  const screen = () => (signIn(session), show(catalogs, <ReviewQueuePage />));
  const QUEUE = {
    clients: [{ id: 'c1', name: 'Maria Souza', count: 2 }],
    matters: [{ id: 'm1', name: 'Aposentadoria por idade', count: 1 }],
    items: [DOC, { ...DOC, id: 'd2', file_name: 'rg.jpg', matter_id: null }],
    next_cursor: null,
  };

  it('says it is loading, then that nothing is waiting', async () => {
    serve({ 'GET /documents/review-queue': never });
    let root = await screen();
    expect(statusText(root)).toContain('Carregando…');
    document.body.innerHTML = '';
    serve({ 'GET /documents/review-queue': { clients: [], matters: [], items: [], next_cursor: null } });
    root = await screen();
    expect(root.textContent).toContain('Nada aguardando análise.');
    expect(root.textContent).not.toContain('Por cliente');
  });

  it('counts per client and per matter, each a link to its documents, and lists what waits', async () => {
    serve({ 'GET /documents/review-queue': QUEUE });
    const root = await screen();
    const client = [...root.querySelectorAll('a')].find((a) => a.textContent === 'Maria Souza' && a.closest('.counts'));
    expect(client?.getAttribute('href')).toBe('#/clients/c1/documents');
    expect(client?.parentElement?.textContent).toContain('2 aguardando');
    const matter = [...root.querySelectorAll('.counts a')].find((a) => a.textContent === 'Aposentadoria por idade');
    expect(matter?.getAttribute('href')).toBe('#/matters/m1/documents');
    const rows = [...root.querySelectorAll('tbody tr')].map((row) => row.textContent ?? '');
    expect(rows[0]).toContain('contrato.pdf');
    expect(rows[0]).toContain('Maria Souza');
    expect(rows[0]).toContain('Aposentadoria por idade');
    expect(rows[1]).toContain('O cadastro dele (nenhum processo)');
    expect(root.querySelector('[aria-label="Baixar contrato.pdf"]')).not.toBeNull();
  });

  it('accepts one where it is, and counts one less', async () => {
    const served = serve({ 'GET /documents/review-queue': QUEUE, 'PUT /documents/d1/review': { ...DOC, review: 'accepted', version: 3 } });
    const bodies = served.bodies.PUT;
    const root = await screen();
    await act(() => root.querySelector<HTMLButtonElement>('[aria-label="Aceitar contrato.pdf"]')?.click());
    await settle();
    expect(bodies).toEqual([{ accepted: true, reason: null, version: 2 }]);
    expect(root.querySelector('tbody tr')?.textContent).toContain('Aceito');
    expect(root.querySelector('.counts')?.textContent).toContain('1 aguardando');
    expect(root.textContent).not.toContain('Por processo');
  });
});

describe('a matter’s requests', () => {
  const screen = (clients = [{ id: 'c1', name: 'Maria Souza' }]) => (
    signIn(session),
    show(catalogs, <MatterRequests matterId="m1" matterTitle="Aposentadoria por idade" clients={clients} />)
  );

  it('says it is loading, then that nothing was requested', async () => {
    serve({ 'GET /matters/m1/document-requests': never });
    let root = await screen();
    expect(statusText(root)).toContain('Carregando…');
    document.body.innerHTML = '';
    serve({ 'GET /matters/m1/document-requests': page([]) });
    root = await screen();
    expect(root.textContent).toContain('Nada foi solicitado para este processo ainda.');
  });

  it('lists each request: what, to whom, due when (late or not), where it stands, the last rejection', async () => {
    const late = { ...REQUEST, id: 'r2', title: 'RG', due_date: '2020-01-10', rejection_reason: 'A foto está tremida.' };
    serve({ 'GET /matters/m1/document-requests': page([REQUEST, late, { ...REQUEST, id: 'r3', due_date: null, status: 'submitted' as const }]) });
    const root = await screen();
    const rows = [...root.querySelectorAll('tbody tr')];
    expect(rows[0]?.querySelector('a')?.getAttribute('href')).toBe('#/requests/r1');
    expect(rows[0]?.textContent).toContain('Maria Souza');
    expect(rows[0]?.textContent).toContain('20 de dez. de 2026');
    expect(rows[0]?.textContent).toContain('Aguardando o cliente');
    expect(rows[1]?.textContent).toContain('Atrasada');
    expect(rows[1]?.textContent).toContain('Rejeitado da última vez: A foto está tremida.');
    expect(rows[1]?.textContent).toContain('Aguardando o cliente de novo');
    expect(rows[2]?.textContent).toContain('Sem prazo');
    expect(rows[2]?.textContent).toContain('Enviado pelo cliente — a analisar');
  });

  it('asks one of the matter’s clients for a document, with its details and due date', async () => {
    const created = { ...REQUEST, id: 'r9', client_id: 'c2', client_name: 'João Pereira', title: 'Procuração assinada' };
    const served = serve({ 'GET /matters/m1/document-requests': page([REQUEST]), 'POST /document-requests': () => json(201, created) });
    const bodies = served.bodies.POST;
    const root = await screen([
      { id: 'c1', name: 'Maria Souza' },
      { id: 'c2', name: 'João Pereira' },
    ]);
    const send = () => buttons(root, 'Enviar a solicitação')[0];
    expect(send()?.disabled).toBe(true);
    await type(byLabel(root, 'Cliente a quem se pede'), 'c2');
    await type(byLabel(root, 'O que o escritório precisa'), ' Procuração assinada ');
    await type(root.querySelector('textarea'), 'Com firma reconhecida.');
    await type(byLabel(root, 'Prazo (opcional)'), '2026-12-15');
    await act(() => send()?.click());
    await settle();
    expect(bodies).toEqual([{ title: 'Procuração assinada', details: 'Com firma reconhecida.', due_date: '2026-12-15', client_id: 'c2', matter_id: 'm1' }]);
    expect(root.textContent).toContain('Solicitação enviada: o cliente foi avisado por e-mail.');
    expect(root.querySelector('tbody tr')?.textContent).toContain('Procuração assinada');
    // The form starts afresh for the next one.
    expect(byLabel(root, 'O que o escritório precisa')?.value).toBe('');
  });

  it('says a request needs a client who sees the matter', async () => {
    serve({ 'GET /matters/m1/document-requests': page([]) });
    const root = await screen([]);
    expect(root.textContent).toContain('Nenhum cliente vê este processo no portal ainda');
    expect(buttons(root, 'Enviar a solicitação')).toHaveLength(0);
  });
});

describe('a client’s Documents tab', () => {
  it('lists their requests and documents, and asks about one of the matters they see, or their profile', async () => {
    const matters = page([
      { id: 'm1', title: 'Aposentadoria por idade', published_to: ['c1'] },
      { id: 'm2', title: 'Inventário', published_to: [] },
    ]);
    const served = serve({
      'GET /matters': matters,
      'GET /clients/c1/document-requests': page([REQUEST, { ...REQUEST, id: 'r2', matter_id: null, matter_title: null }]),
      'GET /clients/c1/documents': page([DOC]),
      'POST /document-requests': () => json(201, { ...REQUEST, id: 'r3' }),
    });
    const bodies = served.bodies.POST;
    signIn(session);
    const root = await show(catalogs, <ClientDocumentsTab clientId="c1" name="Maria Souza" />);
    const requests = root.querySelector('section[aria-labelledby="requests-title"]')!;
    expect(requests.querySelector('tbody')?.textContent).toContain('Aposentadoria por idade');
    expect(requests.querySelector('tbody')?.textContent).toContain('O cadastro dele (nenhum processo)');
    expect(root.querySelector('section[aria-labelledby="documents-title"] tbody')?.textContent).toContain('contrato.pdf');
    const matter = byLabel(root, 'Sobre qual processo (opcional)') as unknown as HTMLSelectElement;
    expect([...matter.options].map((o) => o.textContent)).toEqual(['O cadastro dele (nenhum processo)', 'Aposentadoria por idade']);
    await type(byLabel(root, 'O que o escritório precisa'), 'RG');
    await act(() => buttons(root, 'Enviar a solicitação')[0]?.click());
    await settle();
    expect(bodies).toEqual([{ title: 'RG', details: '', due_date: null, client_id: 'c1', matter_id: null }]);
  });
});

describe('a request’s page', () => {
  const screen = () => (signIn(session), show(catalogs, <RequestPage id="r1" />));
  const SUBMITTED: DocumentRequest = {
    ...REQUEST,
    status: 'submitted',
    version: 3,
    history: [
      ...REQUEST.history,
      { at: '2026-12-02T09:00:00Z', kind: 'file_refused', by: 'client', note: 'conta.heic', refusal: 'unreadable' },
      { at: '2026-12-02T09:05:00Z', kind: 'file_received', by: 'client', note: 'conta.pdf', refusal: null },
    ],
  };
  const FILE = { ...DOC, id: 'd7', file_name: 'conta.pdf', request_id: 'r1' };

  it('says it is loading', async () => {
    serve({ 'GET /document-requests/r1': never });
    const root = await screen();
    expect(statusText(root)).toContain('Carregando…');
  });

  it('shows what was asked, of whom, about what, its history in words and its files', async () => {
    serve({
      'GET /document-requests/r1': { request: SUBMITTED, documents: [FILE] },
      'GET /documents/d7/download': { url: 'http://s3.test/c', expires_at: '' },
    });
    const root = await screen();
    expect(root.querySelector('h1')?.textContent).toBe('Solicitação: Comprovante de endereço');
    expect(root.querySelector('a')?.getAttribute('href')).toBe('#/matters/m1/documents');
    expect(root.querySelector('a')?.textContent).toBe('← Voltar para Aposentadoria por idade');
    const details = root.querySelector('.details')?.textContent ?? '';
    expect(details).toContain('Maria Souza');
    expect(details).toContain('20 de dez. de 2026');
    expect(root.textContent).toContain('Conta de luz ou de água dos últimos 3 meses.');
    const history = [...root.querySelectorAll('.history li')].map((li) => li.textContent ?? '');
    expect(history).toHaveLength(3);
    expect(history[0]).toContain('Solicitada pelo escritório');
    expect(history[0]).toContain('1 de dez. de 2026');
    expect(history[1]).toContain('conta.heic foi recusado: o arquivo está danificado ou não pôde ser lido.');
    expect(history[2]).toContain('O cliente enviou conta.pdf');
    expect(root.querySelector('[aria-label="Baixar conta.pdf"]')).not.toBeNull();
    expect(buttons(root, 'Aceitar o que foi enviado')).toHaveLength(1);
  });

  it('says when nothing was sent yet, and offers no review', async () => {
    serve({ 'GET /document-requests/r1': { request: REQUEST, documents: [] } });
    const root = await screen();
    expect(root.textContent).toContain('O cliente ainda não enviou nada para esta solicitação.');
    expect(buttons(root, 'Aceitar o que foi enviado')).toHaveLength(0);
  });

  it('accepts what was sent, then reads the request again', async () => {
    let read = 0;
    const served = serve({
      'GET /document-requests/r1': () =>
        read++ === 0 ? { request: SUBMITTED, documents: [FILE] } : { request: { ...SUBMITTED, status: 'accepted', version: 4 }, documents: [FILE] },
      'PUT /document-requests/r1/review': { ...SUBMITTED, status: 'accepted', version: 4 },
    });
    const bodies = served.bodies.PUT;
    const root = await screen();
    await act(() => buttons(root, 'Aceitar o que foi enviado')[0]?.click());
    await settle();
    expect(bodies).toEqual([{ accepted: true, reason: null, version: 3 }]);
    expect(read).toBe(2);
    expect(root.querySelector('.details')?.textContent).toContain('Aceita');
    expect(buttons(root, 'Editar')).toHaveLength(0);
  });

  it('rejects it with the reason the client reads; a request reviewed meanwhile offers to reload', async () => {
    const served = serve({
      'GET /document-requests/r1': { request: SUBMITTED, documents: [FILE] },
      'PUT /document-requests/r1/review': () => json(409, { error: { code: 'not_submitted', message: 'x' } }),
    });
    const bodies = served.bodies.PUT;
    const root = await screen();
    await act(() => buttons(root, 'Rejeitar o que foi enviado')[0]?.click());
    await type(root.querySelector('textarea'), 'Está cortado. ');
    await act(() => buttons(root, 'Rejeitar e pedir de novo')[0]?.click());
    await settle();
    expect(bodies).toEqual([{ accepted: false, reason: 'Está cortado.', version: 3 }]);
    expect(root.textContent).toContain(pt['error.not_submitted']);
    expect(buttons(root, 'Recarregar')).toHaveLength(1);
  });

  it('changes what is asked, with its version', async () => {
    const served = serve({
      'GET /document-requests/r1': { request: REQUEST, documents: [] },
      'PUT /document-requests/r1': { ...REQUEST, title: 'Comprovante de residência', due_date: null, version: 2 },
    });
    const bodies = served.bodies.PUT;
    const root = await screen();
    await act(() => buttons(root, 'Editar')[0]?.click());
    await type(byLabel(root, 'O que o escritório precisa'), 'Comprovante de residência');
    await type(byLabel(root, 'Prazo (opcional)'), '');
    await act(() => buttons(root, 'Salvar')[0]?.click());
    await settle();
    expect(bodies).toEqual([{ title: 'Comprovante de residência', details: REQUEST.details, due_date: null, version: 1 }]);
    expect(root.querySelector('h1')?.textContent).toBe('Solicitação: Comprovante de residência');
    expect(root.textContent).toContain('Sem prazo');
  });

  it('says in words when the request was accepted before an edit was saved, and offers to reload', async () => {
    let read = 0;
    serve({
      'GET /document-requests/r1': () =>
        read++ === 0 ? { request: REQUEST, documents: [] } : { request: { ...REQUEST, status: 'accepted', version: 3 }, documents: [] },
      'PUT /document-requests/r1': () => json(409, { error: { code: 'request_done', message: 'This request is done: ask for a new document instead.' } }),
    });
    const root = await screen();
    await act(() => buttons(root, 'Editar')[0]?.click());
    await type(byLabel(root, 'O que o escritório precisa'), 'Comprovante de residência');
    await act(() => buttons(root, 'Salvar')[0]?.click());
    await settle();
    expect(root.textContent).toContain(pt['error.request_done']);
    expect(root.textContent).not.toContain('ask for a new document');
    await act(() => buttons(root, 'Recarregar')[0]?.click());
    await settle();
    expect(read).toBe(2);
    expect(root.querySelector('.details')?.textContent).toContain('Aceita');
    expect(buttons(root, 'Editar')).toHaveLength(0);
  });

  it('deletes it once confirmed, and goes back to the matter’s documents', async () => {
    const served = serve({
      'GET /document-requests/r1': { request: REQUEST, documents: [] },
      'DELETE /document-requests/r1': () => new Response(null, { status: 204 }),
    });
    const asked: string[] = [];
    vi.stubGlobal('confirm', (text: string) => (asked.push(text), asked.length > 1));
    const root = await screen();
    await act(() => buttons(root, 'Excluir')[0]?.click());
    await settle();
    expect(served.calls).not.toContain('DELETE /document-requests/r1');
    await act(() => buttons(root, 'Excluir')[0]?.click());
    await settle();
    expect(asked[0]).toBe('Excluir a solicitação “Comprovante de endereço”? O que o cliente já enviou para ela continua nos documentos dele.');
    expect(served.calls).toContain('DELETE /document-requests/r1');
    expect(location.hash).toBe('#/matters/m1/documents');
  });
});
