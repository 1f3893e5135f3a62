// @vitest-environment jsdom
// F17: a case's Documents tab in the portal: what the firm published and what the client sent
// there, in words, with Download; sending more about the case from the tab, with the Documents
// page's own sending (never in a read-only session).
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Schemas } from '../shared/api/client';
import { CHECK_POLL, type DocumentView } from '../shared/documents';
import { catalogs } from '../portal/src/messages';
import { MattersScreen } from '../portal/src/pages/Matters';
import { session } from '../portal/src/services';
import { DOC as A_DOCUMENT } from './document-fixtures';
import { never, page, serve, settle, show, signIn } from './screen';

const PROFILE: Schemas['VisibilityProfile'] = {
  automatic_movements: true,
  manual_movements: true,
  tasks: true,
  publications: true,
  documents: true,
  include_private_matters: false,
  include_team_matters: false,
};
const ME: Schemas['Me'] = {
  kind: 'client',
  id: 'c1',
  name: 'Maria Souza',
  email: 'maria@example.com',
  role: null,
  read_only: false,
  simulated_by: null,
  language: null,
  profile: PROFILE,
};
const MATTER: Schemas['ClientMatterView'] = {
  id: 'm1',
  kind: 'case',
  number: '0000832-35.2018.4.01.3202',
  title: 'Aposentadoria por idade',
  status: 'active',
  court: null,
  venue: null,
  instance: null,
  procedural_class: null,
  responsible_lawyer: null,
  parties: [],
  related: [],
  private: false,
  team: false,
  updated_at: '2026-10-01T10:00:00Z',
  stage: null,
};
const DOC: DocumentView = {
  ...A_DOCUMENT,
  client_id: null,
  file_name: 'sentenca.pdf',
  description: 'A sentença do juiz',
  size: 120_000,
  uploader: 'staff',
  created_at: '2026-10-02T10:00:00Z',
  checked_at: '2026-10-02T10:00:02Z',
  review: null,
  published: true,
  matter_title: 'Aposentadoria por idade',
  version: 3,
};
const MINE: DocumentView = { ...DOC, id: 'd2', client_id: 'c1', file_name: 'rg.jpg', description: null, uploader: 'client', review: 'new', published: false };
const pt = catalogs['pt-BR'];
const ROUTE = ['matters', 'm1', 'documents'];

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  session.clear();
  document.body.innerHTML = '';
});

const screen = (me = ME) => (signIn(session), show(catalogs, <MattersScreen route={ROUTE} me={me} />));
const rowOf = (root: HTMLElement, name: string) => [...root.querySelectorAll('tbody tr')].find((row) => row.textContent?.includes(name));

describe('a case’s Documents tab', () => {
  it('is there only when the access shows documents', async () => {
    serve({ 'GET /portal/matters/m1': MATTER, 'GET /portal/matters/m1/documents': page([]) });
    let root = await screen({ ...ME, profile: { ...PROFILE, documents: false } });
    expect([...root.querySelectorAll('.tabs a')].map((a) => a.textContent)).toEqual(['Dados do processo', 'Andamentos']);
    document.body.innerHTML = '';
    root = await screen();
    expect([...root.querySelectorAll('.tabs a')].map((a) => a.textContent)).toEqual(['Dados do processo', 'Andamentos', 'Documentos']);
  });

  it('says it is loading, then that there is nothing yet', async () => {
    serve({ 'GET /portal/matters/m1': MATTER, 'GET /portal/matters/m1/documents': never });
    let root = await screen();
    expect(root.querySelector('.paged, [role=status]')?.textContent).toContain('Carregando…');
    document.body.innerHTML = '';
    serve({ 'GET /portal/matters/m1': MATTER, 'GET /portal/matters/m1/documents': page([]) });
    root = await screen();
    expect(root.textContent).toContain(pt['matter.documentsEmpty']);
    expect(root.textContent).not.toContain('Carregando…');
  });

  it('lists what the firm published and what the client sent, in words, and downloads at the tap', async () => {
    const refused = { ...MINE, id: 'd3', file_name: 'boleto.pdf', status: 'refused' as const, refusal: 'macros' as const, refusal_message: 'English words' };
    const rejected = { ...MINE, id: 'd4', file_name: 'comprovante.pdf', review: 'rejected' as const, review_reason: 'Está ilegível.' };
    const served = serve({
      'GET /portal/matters/m1': MATTER,
      'GET /portal/matters/m1/documents': page([DOC, MINE, refused, rejected]),
      'GET /portal/documents/d1/download': { url: 'http://s3.test/sentenca.pdf?sig', expires_at: '' },
    });
    const root = await screen();
    expect(rowOf(root, 'sentenca.pdf')?.textContent).toContain('O escritório');
    expect(rowOf(root, 'sentenca.pdf')?.textContent).toContain('Disponível para baixar');
    expect(rowOf(root, 'sentenca.pdf')?.textContent).toContain('A sentença do juiz');
    expect(rowOf(root, 'rg.jpg')?.textContent).toContain('Você');
    expect(rowOf(root, 'rg.jpg')?.textContent).toContain('Recebido');
    expect(rowOf(root, 'boleto.pdf')?.textContent).toContain('Recusado: o documento contém macros.');
    expect(rowOf(root, 'comprovante.pdf')?.textContent).toContain('Não aceito pelo escritório: Está ilegível.');
    expect(root.textContent).not.toContain('English words');
    expect(root.querySelector('tbody')?.textContent).not.toMatch(/\bd\d\b|\bm1\b/);
    // Download for what can be downloaded: never for a refused file.
    expect(rowOf(root, 'boleto.pdf')?.querySelector('button')).toBeNull();
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.href);
    });
    await act(() => root.querySelector<HTMLButtonElement>('button[aria-label="Baixar sentenca.pdf"]')?.click());
    await settle();
    expect(served.calls).toContain('GET /portal/documents/d1/download');
    expect(clicked).toEqual(['http://s3.test/sentenca.pdf?sig']);
  });

  it('says in words when a download fails', async () => {
    serve({
      'GET /portal/matters/m1': MATTER,
      'GET /portal/matters/m1/documents': page([DOC]),
      'GET /portal/documents/d1/download': new Response(JSON.stringify({ error: { code: 'not_found', message: 'Not found' } }), { status: 404 }),
    });
    const root = await screen();
    await act(() => root.querySelector<HTMLButtonElement>('button[aria-label="Baixar sentenca.pdf"]')?.click());
    await settle();
    expect(root.querySelector('[role=alert]')?.textContent).toBe(pt['error.not_found']);
  });

  it('sends files about the case with the Documents page’s sending, then shows what became of them', async () => {
    CHECK_POLL.delayMs = 0;
    class FakeXhr {
      upload = { onprogress: null as ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null };
      onload: (() => void) | null = null;
      onerror: (() => void) | null = null;
      ontimeout: (() => void) | null = null;
      status = 0;
      withCredentials = true;
      open() {}
      send() {
        setTimeout(() => ((this.status = 204), this.onload?.()), 0);
      }
    }
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const waiting = { ...MINE, id: 'd9', file_name: 'procuracao.pdf', status: 'awaiting_upload' as const };
    let listed = 0;
    const served = serve({
      'GET /portal/matters/m1': MATTER,
      'GET /portal/matters/m1/documents': () => (listed++ === 0 ? page([DOC]) : page([{ ...waiting, status: 'available' }, DOC])),
      'POST /portal/documents/uploads': new Response(
        JSON.stringify([{ document: waiting, form: { url: 'http://s3.test/b', fields: { key: 'k' }, expires_at: '' } }]),
        {
          status: 201,
        },
      ),
    });
    const bodies = served.bodies.POST;
    const root = await screen();
    expect(root.textContent).toContain(pt['matter.sendDocuments']);
    // No "which case" question here: the files go to this one.
    expect(root.querySelector('select')).toBeNull();
    expect(root.querySelector('input[capture=environment]')).not.toBeNull();
    const input = root.querySelector<HTMLInputElement>('input[type=file][multiple]');
    Object.defineProperty(input, 'files', { value: [new File(['%PDF-1.4'], 'procuracao.pdf', { type: 'application/pdf' })], configurable: true });
    await act(() => void input?.dispatchEvent(new Event('change')));
    await act(() => [...root.querySelectorAll('button')].find((b) => b.textContent === 'Enviar')?.click());
    for (let i = 0; i < 5; i++) await settle();
    expect(bodies).toEqual([{ files: [{ file_name: 'procuracao.pdf', content_type: 'application/pdf', size: 8 }], description: null, matter_id: 'm1' }]);
    expect(root.querySelector('.upload')?.textContent).toContain('Recebido');
    // The tab's list was read again: the new file is in it.
    expect(served.calls.filter((call) => call.startsWith('GET /portal/matters/m1/documents')).length).toBeGreaterThanOrEqual(3);
    expect(rowOf(root, 'procuracao.pdf')?.textContent).toContain('Você');
  });

  it.each([
    ['a link session', { ...ME, read_only: true }],
    ['a simulation', { ...ME, simulated_by: 'stf1' }],
  ])('offers %s downloads, not sending', async (_, me) => {
    serve({ 'GET /portal/matters/m1': MATTER, 'GET /portal/matters/m1/documents': page([DOC]) });
    const root = await screen(me);
    expect(root.querySelector('input[type=file]')).toBeNull();
    expect(root.textContent).not.toContain(pt['matter.sendDocuments']);
    expect(root.textContent).toContain(pt['documents.readOnly']);
    expect(root.querySelector('button[aria-label="Baixar sentenca.pdf"]')).not.toBeNull();
  });
});
