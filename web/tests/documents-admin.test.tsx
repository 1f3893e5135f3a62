// @vitest-environment jsdom
// F17-F18 in the admin app: a document's states in words, the steps of a send (shared with the
// portal's helpers), and the matter's and the client's documents against a stubbed API.
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { canPublish, canReview, checkWords, publicationWords, reviewWords, sentByWords, withDocument } from '../admin/src/document-states';
import { catalogs } from '../admin/src/messages';
import { ClientDocuments, MatterDocuments } from '../admin/src/pages/Documents';
import { session } from '../admin/src/services';
import { ApiError } from '../shared/api/client';
import { CHECK_POLL, followChecks, refusedFile, sendFiles, type DocumentView, type UploadTicket } from '../shared/documents';
import { format, type Translate } from '../shared/i18n';
import { DOC } from './document-fixtures';
import { page, serve, settle, show, signIn } from './screen';

const pt = catalogs['pt-BR'];
const t: Translate<keyof typeof pt> = (key, values) => format(pt[key], values);

const FIRM_DOC: DocumentView = { ...DOC, id: 'd2', client_id: null, file_name: 'peticao.pdf', description: null, uploader: 'staff', review: null };
const CLIENT = { id: 'c1', name: 'Maria Souza', emails: [], version: 1 };

/** An XMLHttpRequest that takes every file: half, then all of it, then 204. */
class FakeXhr {
  static posted: { url: string; body: FormData }[] = [];
  upload: { onprogress: ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  status = 0;
  withCredentials = true;
  url = '';
  open(_method: string, url: string) {
    this.url = url;
  }
  send(body: FormData) {
    FakeXhr.posted.push({ url: this.url, body });
    setTimeout(() => {
      this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 100 });
      this.status = 204;
      this.onload?.();
    }, 0);
  }
}

const ticket = (document: DocumentView): UploadTicket => ({
  document,
  form: { url: 'http://s3.test/bucket', fields: { key: `firms/f/documents/${document.id}`, 'Content-Type': 'application/pdf' }, expires_at: '' },
});
const waiting = (id: string, file_name: string): DocumentView => ({ ...FIRM_DOC, id, file_name, status: 'awaiting_upload', size: null });
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const buttons = (root: HTMLElement, text: string) => [...root.querySelectorAll('button')].filter((b) => b.textContent === text);

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  session.clear();
  document.body.innerHTML = '';
  FakeXhr.posted = [];
  CHECK_POLL.delayMs = 1_000;
});

describe('a document, in the words staff read', () => {
  it('says what the check made of it, never the API’s English message', () => {
    expect(checkWords(t, DOC)).toBe('Disponível');
    expect(checkWords(t, { ...DOC, status: 'awaiting_upload' })).toBe('Aguardando envio ou em verificação');
    const refused = { ...DOC, status: 'refused' as const, refusal: 'macros' as const, refusal_message: 'Macros found' };
    expect(checkWords(t, refused)).toBe('Recusado: o documento contém macros. Salve-o sem macros e envie de novo.');
  });

  it('says what the firm made of a client’s file, once it passed the check', () => {
    expect(reviewWords(t, DOC)).toBe('Aguardando análise');
    expect(reviewWords(t, { ...DOC, review: 'accepted' })).toBe('Aceito');
    expect(reviewWords(t, { ...DOC, review: 'rejected', review_reason: 'Ilegível' })).toBe('Rejeitado: Ilegível');
    expect(reviewWords(t, { ...DOC, status: 'refused' })).toBeNull();
    expect(reviewWords(t, FIRM_DOC)).toBeNull();
  });

  it('says whether a matter’s clients see it, and who sent it', () => {
    expect(publicationWords(t, FIRM_DOC)).toBe('Oculto aos clientes');
    expect(publicationWords(t, { ...FIRM_DOC, published: true })).toBe('Visível aos clientes do processo');
    expect(publicationWords(t, { ...FIRM_DOC, matter_id: null })).toBeNull();
    expect(sentByWords(t, FIRM_DOC, {})).toBe('O escritório');
    expect(sentByWords(t, DOC, { c1: 'Maria Souza' })).toBe('Cliente: Maria Souza');
    expect(sentByWords(t, DOC, {})).toBe('Um cliente');
  });

  it('is reviewed when a client sent it and it passed the check; shown or hidden when it is a matter’s', () => {
    expect(canReview(DOC)).toBe(true);
    expect(canReview(FIRM_DOC)).toBe(false);
    expect(canReview({ ...DOC, status: 'awaiting_upload' })).toBe(false);
    expect(canPublish(FIRM_DOC)).toBe(true);
    expect(canPublish({ ...FIRM_DOC, status: 'refused' })).toBe(false);
    expect(canPublish({ ...DOC, matter_id: null })).toBe(false);
  });

  it('replaces a changed document in place, and puts a new one first', () => {
    const accepted = { ...DOC, review: 'accepted' as const, version: 3 };
    expect(withDocument([FIRM_DOC, DOC], accepted)).toEqual([FIRM_DOC, accepted]);
    expect(withDocument([FIRM_DOC], DOC)).toEqual([DOC, FIRM_DOC]);
  });
});

describe('the steps of a send', () => {
  it('reads which file a 422 refused, and why', () => {
    const error = new ApiError(422, 'invalid_input', '', [{ path: 'body.files.1.size', message: 'too big' }]);
    expect(refusedFile(error, 2)).toEqual({ index: 1, field: 'size' });
    expect(refusedFile(error, 1)).toBeNull();
    expect(refusedFile(new ApiError(409, 'conflict', ''), 2)).toBeNull();
  });

  it('leaves out a file the API refuses, asks again for the others, and posts each to S3 with its progress', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const files = [
      { file: new File(['%PDF a'], 'a.pdf', { type: 'application/pdf' }), name: 'a.pdf' },
      { file: new File(['MZ'], 'b.exe', { type: 'application/x-msdownload' }), name: 'b.exe' },
    ];
    const asked: string[][] = [];
    const events: string[] = [];
    const sent = await sendFiles(
      files,
      async (wanted) => {
        asked.push(wanted.map((f) => `${f.file_name} ${f.content_type} ${f.size}`));
        if (wanted.length === 2) throw new ApiError(422, 'invalid_input', '', [{ path: 'files.1.content_type', message: '' }]);
        return [ticket(waiting('d1', 'a.pdf'))];
      },
      {
        refused: (item, field) => events.push(`refused ${item.name} ${field}`),
        started: (item, document) => events.push(`started ${item.name} ${document.id}`),
        progress: (item, percent) => events.push(`${item.name} ${percent}%`),
        sent: (item) => events.push(`sent ${item.name}`),
        failed: (item, outcome) => events.push(`failed ${item.name} ${outcome}`),
      },
    );
    expect(asked).toEqual([['a.pdf application/pdf 6', 'b.exe application/x-msdownload 2'], ['a.pdf application/pdf 6']]);
    expect(events).toEqual(['refused b.exe content_type', 'started a.pdf d1', 'a.pdf 50%', 'a.pdf 100%', 'sent a.pdf']);
    expect([...sent]).toEqual(['d1']);
    expect(FakeXhr.posted.map((p) => [...p.body.keys()])).toEqual([['key', 'Content-Type', 'file']]);
  });

  it('follows the checks until nothing sent waits, trying a failed read again', async () => {
    const reads = [
      Promise.reject(new Error('offline')),
      Promise.resolve([waiting('d1', 'a.pdf')]),
      Promise.resolve([{ ...waiting('d1', 'a.pdf'), status: 'available' as const }]),
    ];
    reads[0]?.catch(() => undefined);
    const seen: string[] = [];
    let count = 0;
    await followChecks(
      () => reads[count++] ?? Promise.resolve([]),
      new Set(['d1']),
      (d) => seen.push(d.status),
      { delayMs: 0, times: 10 },
    );
    expect(count).toBe(3);
    expect(seen).toEqual(['awaiting_upload', 'available']);
  });
});

describe('a matter’s documents', () => {
  const screen = () => (signIn(session), show(catalogs, <MatterDocuments matterId="m1" names={{}} />));

  it('lists each by name, sender, date, size and state in words, with what can be done with it', async () => {
    const refused = { ...FIRM_DOC, id: 'd3', file_name: 'planilha.xlsx', status: 'refused' as const, refusal: 'macros' as const, refusal_message: 'English' };
    serve({ 'GET /matters/m1/documents': page([DOC, FIRM_DOC, refused]), 'GET /clients/c1': CLIENT });
    const root = await screen();
    const rows = [...root.querySelectorAll('tbody tr')].map((row) => row.textContent ?? '');
    expect(rows[0]).toContain('contrato.pdf');
    expect(rows[0]).toContain('Contrato assinado');
    expect(rows[0]).toContain('Cliente: Maria Souza');
    expect(rows[0]).toContain('2,3 MB');
    expect(rows[0]).toContain('1 de out. de 2026');
    expect(rows[0]).toContain('Aguardando análise');
    expect(rows[1]).toContain('O escritório');
    expect(rows[1]).toContain('Oculto aos clientes');
    expect(rows[2]).toContain('Recusado: o documento contém macros.');
    expect(rows.join(' ')).not.toContain('English');
    expect(root.querySelector('[aria-label="Mostrar aos clientes: peticao.pdf"]')).not.toBeNull();
    expect(root.querySelector('[aria-label="Baixar planilha.xlsx"]')).toBeNull();
    // Reviews belong to the client's page; this one shows and hides.
    expect(buttons(root, 'Aceitar')).toHaveLength(0);
  });

  it('shows a document to the matter’s clients with its version, and offers to reload after a 409', async () => {
    let answer = 0;
    const served = serve({
      'GET /matters/m1/documents': page([FIRM_DOC]),
      'PUT /documents/d2/publication': (url: URL) =>
        url && (answer++ === 0 ? { ...FIRM_DOC, published: true, version: 3 } : json(409, { error: { code: 'stale_version', message: 'x' } })),
    });
    const bodies = served.bodies.PUT;
    const root = await screen();
    await act(() => buttons(root, 'Mostrar aos clientes')[0]?.click());
    await settle();
    expect(bodies).toEqual([{ published: true, version: 2 }]);
    expect(root.textContent).toContain('Visível aos clientes do processo');
    await act(() => buttons(root, 'Ocultar dos clientes')[0]?.click());
    await settle();
    expect(bodies[1]).toEqual({ published: false, version: 3 });
    expect(root.textContent).toContain(pt['error.stale_version']);
    expect(buttons(root, 'Recarregar')).toHaveLength(1);
  });

  it('downloads with a link asked for at the tap', async () => {
    const served = serve({
      'GET /matters/m1/documents': page([FIRM_DOC]),
      'GET /documents/d2/download': { url: 'http://s3.test/peticao.pdf?sig', expires_at: '' },
    });
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(`${this.href} ${this.download}`);
    });
    const root = await screen();
    await act(() => buttons(root, 'Baixar')[0]?.click());
    await settle();
    expect(served.calls).toContain('GET /documents/d2/download');
    expect(clicked).toEqual(['http://s3.test/peticao.pdf?sig peticao.pdf']);
  });

  it('sends files with a progress bar each, then reads the list again until they are checked', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    CHECK_POLL.delayMs = 0;
    let listed = 0;
    const served = serve({
      'GET /matters/m1/documents': () =>
        listed++ === 0
          ? page([])
          : listed < 4
            ? page([waiting('d5', 'procuracao.pdf'), waiting('d6', 'foto.pdf')])
            : page([
                { ...waiting('d5', 'procuracao.pdf'), status: 'available' },
                { ...waiting('d6', 'foto.pdf'), status: 'refused', refusal: 'disguised' },
              ]),
      'POST /matters/m1/documents/uploads': () => json(201, [ticket(waiting('d5', 'procuracao.pdf')), ticket(waiting('d6', 'foto.pdf'))]),
    });
    const bodies = served.bodies.POST;
    const root = await screen();
    const input = root.querySelector<HTMLInputElement>('input[type=file][multiple]')!;
    const files = [new File(['%PDF-1.4 a'], 'procuracao.pdf', { type: 'application/pdf' }), new File(['<html>'], 'foto.pdf', { type: 'application/pdf' })];
    Object.defineProperty(input, 'files', { value: files, configurable: true });
    await act(() => void input.dispatchEvent(new Event('change')));
    expect(root.textContent).toContain('Pronto para enviar');
    const description = root.querySelector('textarea')!;
    description.value = 'Procuração e foto';
    await act(() => void description.dispatchEvent(new Event('input')));
    await act(() => buttons(root, 'Enviar 2 arquivos')[0]?.click());
    for (let i = 0; i < 8; i++) await settle();
    expect(bodies).toEqual([
      {
        files: [
          { file_name: 'procuracao.pdf', content_type: 'application/pdf', size: 10 },
          { file_name: 'foto.pdf', content_type: 'application/pdf', size: 6 },
        ],
        description: 'Procuração e foto',
        matter_id: 'm1',
      },
    ]);
    expect(FakeXhr.posted).toHaveLength(2);
    const uploads = [...root.querySelectorAll('.upload')].map((row) => row.textContent ?? '');
    expect(uploads[0]).toContain('Disponível');
    expect(uploads[1]).toContain('Recusado: o conteúdo do arquivo não corresponde ao nome ou ao tipo dele.');
    const table = root.querySelector('tbody')?.textContent ?? '';
    expect(table).toContain('procuracao.pdf');
    expect(table).toContain('Oculto aos clientes');
    expect(listed).toBeGreaterThanOrEqual(4);
  });

  it('shows a progress bar while a file goes to S3', async () => {
    let finish: () => void = () => undefined;
    class SlowXhr extends FakeXhr {
      send() {
        setTimeout(() => this.upload.onprogress?.({ lengthComputable: true, loaded: 40, total: 100 }), 0);
        finish = () => ((this.status = 204), this.onload?.());
      }
    }
    vi.stubGlobal('XMLHttpRequest', SlowXhr);
    CHECK_POLL.delayMs = 0;
    let listed = 0;
    serve({
      'GET /matters/m1/documents': () => page(listed++ === 0 ? [] : [{ ...waiting('d5', 'a.pdf'), status: 'available' }]),
      'POST /matters/m1/documents/uploads': () => json(201, [ticket(waiting('d5', 'a.pdf'))]),
    });
    const root = await screen();
    const input = root.querySelector<HTMLInputElement>('input[type=file][multiple]')!;
    Object.defineProperty(input, 'files', { value: [new File(['%PDF'], 'a.pdf', { type: 'application/pdf' })], configurable: true });
    await act(() => void input.dispatchEvent(new Event('change')));
    await act(() => buttons(root, 'Enviar')[0]?.click());
    await settle();
    const bar = root.querySelector('[role=progressbar]');
    expect(bar?.getAttribute('aria-valuenow')).toBe('40');
    expect(bar?.getAttribute('aria-label')).toBe('Enviando a.pdf');
    expect(root.textContent).toContain('Enviando… 40%');
    await act(() => finish());
    // Then the check: nothing is left running once the test ends.
    await settle();
    expect(root.querySelector('.upload')?.textContent).toContain('Disponível');
    expect(root.querySelector('[role=progressbar]')).toBeNull();
  });

  it('asks for a new name before sending one the API would refuse', async () => {
    serve({ 'GET /matters/m1/documents': page([]) });
    const root = await screen();
    const input = root.querySelector<HTMLInputElement>('input[type=file][multiple]')!;
    Object.defineProperty(input, 'files', { value: [new File(['x'], 'a"b.pdf', { type: 'application/pdf' })], configurable: true });
    await act(() => void input.dispatchEvent(new Event('change')));
    expect(root.textContent).toContain(pt['documents.name.characters']);
    expect(buttons(root, 'Enviar')[0]?.disabled).toBe(true);
    const rename = root.querySelector<HTMLInputElement>('[id^=rename-]')!;
    rename.value = 'ab.pdf';
    await act(() => void rename.dispatchEvent(new Event('input')));
    expect(buttons(root, 'Enviar')[0]?.disabled).toBe(false);
  });
});

describe('a client’s documents', () => {
  const screen = () => (signIn(session), show(catalogs, <ClientDocuments clientId="c1" name="Maria Souza" matters={{ m1: 'Aposentadoria por idade' }} />));
  const MATTERS = page([{ id: 'm1', title: 'Aposentadoria por idade' }]);

  it('names each document’s matter by its title, and the profile when it has none', async () => {
    serve({ 'GET /clients/c1/documents': page([DOC, { ...DOC, id: 'd4', file_name: 'rg.jpg', matter_id: null }]), 'GET /matters': MATTERS });
    const root = await screen();
    const rows = [...root.querySelectorAll('tbody tr')].map((row) => row.textContent ?? '');
    expect(rows[0]).toContain('Aposentadoria por idade');
    expect(rows[0]).not.toContain('m1');
    expect(rows[1]).toContain('O cadastro dele (nenhum processo)');
    expect(rows[0]).toContain('Cliente: Maria Souza');
  });

  it('accepts a document, or rejects it with the reason the client reads', async () => {
    const served = serve({
      'GET /clients/c1/documents': page([DOC, { ...DOC, id: 'd4', file_name: 'rg.jpg' }]),
      'GET /matters': MATTERS,
      'PUT /documents/d1/review': { ...DOC, review: 'accepted', version: 3 },
      'PUT /documents/d4/review': { ...DOC, id: 'd4', file_name: 'rg.jpg', review: 'rejected', review_reason: 'A foto está tremida.', version: 3 },
    });
    const bodies = served.bodies.PUT;
    const root = await screen();
    await act(() => root.querySelector<HTMLButtonElement>('[aria-label="Aceitar contrato.pdf"]')?.click());
    await settle();
    expect(bodies).toEqual([{ accepted: true, reason: null, version: 2 }]);
    expect(root.querySelector('tbody tr')?.textContent).toContain('Aceito');

    await act(() => root.querySelector<HTMLButtonElement>('[aria-label="Rejeitar rg.jpg"]')?.click());
    const reason = root.querySelector('textarea')!;
    expect(root.textContent).toContain('Por que foi rejeitado (o cliente lerá este texto)');
    reason.value = '  A foto está tremida. ';
    await act(() => void reason.dispatchEvent(new Event('input')));
    await act(() => buttons(root, 'Rejeitar e avisar o cliente')[0]?.click());
    await settle();
    expect(bodies[1]).toEqual({ accepted: false, reason: 'A foto está tremida.', version: 2 });
    expect(root.textContent).toContain('Rejeitado: A foto está tremida.');
    expect(root.querySelector('textarea')).toBeNull();
  });

  it('says under the reason field when the API wants one', async () => {
    serve({
      'GET /clients/c1/documents': page([DOC]),
      'GET /matters': MATTERS,
      'PUT /documents/d1/review': json(422, {
        error: { code: 'invalid_input', message: 'x', details: [{ path: 'reason', message: 'Say why', type: 'value_error' }] },
      }),
    });
    const root = await screen();
    await act(() => root.querySelector<HTMLButtonElement>('[aria-label="Rejeitar contrato.pdf"]')?.click());
    await act(() => buttons(root, 'Rejeitar e avisar o cliente')[0]?.click());
    await settle();
    expect(root.querySelector('textarea')?.getAttribute('aria-invalid')).toBe('true');
    expect(root.textContent).toContain(pt['error.invalid_input']);
  });
});
