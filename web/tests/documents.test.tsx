// @vitest-environment jsdom
// F18: sending documents from a phone. The pure parts (sizes and refusals in words, names the
// API refuses, the form posted to S3) and the page against a stubbed API.
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Schemas } from '../shared/api/client';
import { LANGUAGES } from '../shared/i18n';
import { CHECK_POLL, declaredType, formData, nameProblem, refusalKey, sizeInWords, stillChecking, type DocumentView } from '../shared/documents';
import { catalogs } from '../portal/src/messages';
import { DocumentsScreen } from '../portal/src/pages/Documents';
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
  profile: null,
};
const DOC: DocumentView = { ...A_DOCUMENT, description: null, client_name: 'Maria Souza', matter_title: 'Aposentadoria por idade' };
const MATTERS = page([{ id: 'm1', title: 'Aposentadoria por idade', number: null }]);
const REFUSALS: Schemas['Refusal'][] = [
  'empty',
  'too_big',
  'type_not_allowed',
  'disguised',
  'pdf_active_content',
  'macros',
  'decompression_bomb',
  'malware',
  'unreadable',
];
const pt = catalogs['pt-BR'];

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  session.clear();
  document.body.innerHTML = '';
});

const screen = (me = ME) => (signIn(session), show(catalogs, <DocumentsScreen me={me} />));

describe('documents, in words', () => {
  it('says a size as people read it, in their language', () => {
    expect(sizeInWords(2_411_724, 'pt-BR')).toBe('2,3 MB');
    expect(sizeInWords(2_411_724, 'en')).toBe('2.3 MB');
    expect(sizeInWords(3 * 1024 * 1024, 'es')).toBe('3 MB');
    expect(sizeInWords(1_500, 'pt-BR')).toBe('1 KB');
    expect(sizeInWords(300, 'en')).toBe('300 B');
  });

  it('has words for every reason a document is refused, in every language', () => {
    for (const lang of LANGUAGES) {
      for (const refusal of REFUSALS) expect(catalogs[lang][refusalKey(refusal)], `${lang} ${refusal}`).toBeTruthy();
    }
    expect(pt[refusalKey('disguised')]).toBe('o conteúdo do arquivo não corresponde ao nome ou ao tipo dele.');
  });

  it('finds the names the API refuses before anything is sent', () => {
    expect(nameProblem('contrato.pdf')).toBeNull();
    expect(nameProblem('Certidão de nascimento (cópia).jpg')).toBeNull();
    expect(nameProblem('a"b.pdf')).toBe('documents.name.characters');
    expect(nameProblem('pasta/contrato.pdf')).toBe('documents.name.characters');
    expect(nameProblem('pasta\\contrato.pdf')).toBe('documents.name.characters');
    expect(nameProblem('linha\nnova.pdf')).toBe('documents.name.characters');
    expect(nameProblem('a'.repeat(252) + '.pdf')).toBe('documents.name.tooLong');
    expect(nameProblem('  ')).toBe('documents.name.empty');
  });

  it('declares the type the browser knows, else the one the name says', () => {
    expect(declaredType({ name: 'a.pdf', type: 'application/pdf' })).toBe('application/pdf');
    expect(declaredType({ name: 'IMG_0001.HEIC', type: '' })).toBe('image/heic');
    expect(declaredType({ name: 'sem-extensao', type: '' })).toBe('application/octet-stream');
  });

  it('builds the form S3 takes: every field first, in order, then the file', () => {
    const form = {
      url: 'https://bucket.s3.amazonaws.com/',
      fields: { key: 'firms/f/documents/d1', 'Content-Type': 'application/pdf', policy: 'p', 'x-amz-signature': 's' },
      expires_at: '',
    };
    const data = formData(form, new Blob(['%PDF-1.4'], { type: 'application/pdf' }), 'contrato.pdf');
    const entries = [...data.entries()];
    expect(entries.map(([name]) => name)).toEqual(['key', 'Content-Type', 'policy', 'x-amz-signature', 'file']);
    expect(entries[1]?.[1]).toBe('application/pdf');
    expect((entries[4]?.[1] as File).name).toBe('contrato.pdf');
  });

  it('knows when an upload is still being checked', () => {
    const ids = new Set(['d1']);
    expect(stillChecking([{ ...DOC, status: 'awaiting_upload' }], ids)).toBe(true);
    expect(stillChecking([DOC, { ...DOC, id: 'd2', status: 'awaiting_upload' }], ids)).toBe(false);
  });
});

describe('the documents page', () => {
  it('says it is loading, then that nothing was sent yet', async () => {
    serve({ 'GET /portal/documents': never, 'GET /portal/matters': MATTERS });
    let root = await screen();
    expect(root.textContent).toContain('Carregando…');
    document.body.innerHTML = '';
    serve({ 'GET /portal/documents': page([]), 'GET /portal/matters': MATTERS });
    root = await screen();
    expect(root.textContent).toContain(pt['documents.empty']);
  });

  it('lists each document by name, date, case title and state in words; Download for received ones', async () => {
    const refused = {
      ...DOC,
      id: 'd2',
      file_name: 'boleto.pdf',
      matter_id: null,
      status: 'refused' as const,
      refusal: 'disguised' as const,
      refusal_message: 'English words',
    };
    const served = serve({
      'GET /portal/documents': page([DOC, refused]),
      'GET /portal/matters': MATTERS,
      'GET /portal/documents/d1/download': { url: 'http://s3.test/contrato.pdf?sig', expires_at: '' },
    });
    const root = await screen();
    const text = root.textContent ?? '';
    expect(text).toContain('Aposentadoria por idade');
    expect(text).not.toContain('m1');
    expect(text).toContain('Recebido');
    expect(text).toContain('Recusado: o conteúdo do arquivo não corresponde');
    expect(text).not.toContain('English words');
    const downloads = [...root.querySelectorAll('button')].filter((b) => b.textContent === 'Baixar');
    expect(downloads).toHaveLength(1);
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.href);
    });
    await act(() => downloads[0]?.click());
    await settle();
    expect(served.calls).toContain('GET /portal/documents/d1/download');
    expect(clicked).toEqual(['http://s3.test/contrato.pdf?sig']);
    expect(root.querySelector('a[download]')).toBeNull();
  });

  it('names each case by the title its document came with; the cases are read only to send, or for a document without it', async () => {
    const older = { ...DOC, id: 'd3', file_name: 'antigo.pdf', matter_id: 'm2', matter_title: null };
    const gone = { ...DOC, id: 'd4', file_name: 'sumido.pdf', matter_id: 'm9', matter_title: null };
    const withTitles = page([
      { id: 'm1', title: 'Aposentadoria por idade', number: null },
      { id: 'm2', title: 'Revisão da vida toda', number: null },
    ]);
    const readOnly = { ...ME, read_only: true };
    // A link session, every document with its case's title: the cases are not read at all.
    let served = serve({ 'GET /portal/documents': page([DOC]), 'GET /portal/matters': withTitles });
    let root = await screen(readOnly);
    expect(root.querySelector('tbody')?.textContent).toContain('Aposentadoria por idade');
    expect(served.calls.filter((call) => call.startsWith('GET /portal/matters'))).toEqual([]);
    document.body.innerHTML = '';
    // Documents stored without it are named from the client's cases, or said to be no longer shown.
    served = serve({ 'GET /portal/documents': page([DOC, older, gone]), 'GET /portal/matters': withTitles });
    root = await screen(readOnly);
    const rows = [...root.querySelectorAll('tbody tr')].map((row) => row.textContent ?? '');
    expect(rows[0]).toContain('Aposentadoria por idade');
    expect(rows[1]).toContain('Revisão da vida toda');
    expect(rows[2]).toContain(pt['documents.someCase']);
    expect(served.calls.filter((call) => call.startsWith('GET /portal/matters'))).toHaveLength(1);
  });

  it('offers no sending to a read-only session, and says documents can only be downloaded', async () => {
    serve({ 'GET /portal/documents': page([DOC]), 'GET /portal/matters': MATTERS });
    const root = await screen({ ...ME, read_only: true });
    expect(root.textContent).toContain(pt['documents.readOnly']);
    expect(root.querySelector('input[type=file]')).toBeNull();
    expect(root.textContent).toContain('Baixar');
  });

  it('sends the chosen files, shows each one’s progress and then what became of it', async () => {
    CHECK_POLL.delayMs = 0;
    const posted: { url: string; body: FormData }[] = [];
    class FakeXhr {
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
        posted.push({ url: this.url, body });
        setTimeout(() => {
          this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 100 });
          this.status = 204;
          this.onload?.();
        }, 0);
      }
    }
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const form = (id: string) => ({
      url: 'http://s3.test/bucket',
      fields: { key: `firms/f/documents/${id}`, 'Content-Type': 'application/pdf' },
      expires_at: '',
    });
    const waiting = (id: string, file_name: string) => ({ ...DOC, id, file_name, status: 'awaiting_upload' as const, matter_id: null });
    let listed = 0;
    const served = serve({
      'GET /portal/matters': MATTERS,
      'GET /portal/documents': () =>
        listed++ === 0
          ? page([])
          : page([
              { ...DOC, matter_id: null },
              { ...waiting('d2', 'boleto.pdf'), status: 'refused', refusal: 'disguised' },
            ]),
      'POST /portal/documents/uploads': async () => {
        await Promise.resolve();
        return new Response(
          JSON.stringify([
            { document: waiting('d1', 'contrato.pdf'), form: form('d1') },
            { document: waiting('d2', 'boleto.pdf'), form: form('d2') },
          ]),
          {
            status: 201,
          },
        );
      },
    });
    const bodies = served.bodies.POST;
    const root = await screen();
    const input = root.querySelector<HTMLInputElement>('input[type=file][multiple]');
    expect(input?.accept).toBe('application/pdf,image/jpeg,image/png,image/heic,image/heif,.docx,.xlsx,.odt,.txt');
    expect(root.querySelector('input[capture=environment]')).not.toBeNull();
    const files = [new File(['%PDF-1.4 a'], 'contrato.pdf', { type: 'application/pdf' }), new File(['<html>'], 'boleto.pdf', { type: 'application/pdf' })];
    Object.defineProperty(input, 'files', { value: files, configurable: true });
    await act(() => void input?.dispatchEvent(new Event('change')));
    expect(root.textContent).toContain('10 B');
    const send = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Enviar 2 arquivos');
    await act(() => send?.click());
    for (let i = 0; i < 5; i++) await settle();
    expect(bodies).toEqual([
      {
        files: [
          { file_name: 'contrato.pdf', content_type: 'application/pdf', size: 10 },
          { file_name: 'boleto.pdf', content_type: 'application/pdf', size: 6 },
        ],
        description: null,
        matter_id: null,
      },
    ]);
    expect(posted.map((p) => [p.url, [...p.body.keys()]])).toEqual([
      ['http://s3.test/bucket', ['key', 'Content-Type', 'file']],
      ['http://s3.test/bucket', ['key', 'Content-Type', 'file']],
    ]);
    const rows = [...root.querySelectorAll('.upload')].map((row) => row.textContent ?? '');
    expect(rows[0]).toContain('Recebido');
    expect(rows[1]).toContain('Recusado: o conteúdo do arquivo não corresponde ao nome ou ao tipo dele.');
    expect(root.querySelectorAll('[role=progressbar]')).toHaveLength(0);
  });

  it('says when more than 20 files are chosen, and lets a refused name be renamed', async () => {
    serve({ 'GET /portal/documents': page([]), 'GET /portal/matters': MATTERS });
    const root = await screen();
    const input = root.querySelector<HTMLInputElement>('input[type=file][multiple]');
    const files = Array.from({ length: 21 }, (_, i) => new File(['x'], i === 0 ? 'a"b.pdf' : `f${i}.pdf`, { type: 'application/pdf' }));
    Object.defineProperty(input, 'files', { value: files, configurable: true });
    await act(() => void input?.dispatchEvent(new Event('change')));
    expect(root.textContent).toContain(pt['documents.tooMany'].replace('{max}', '20'));
    expect(root.querySelectorAll('.upload')).toHaveLength(20);
    const rename = root.querySelector<HTMLInputElement>('#rename-' + (root.querySelector('[id^=rename-]')?.id.split('-')[1] ?? ''));
    expect(root.textContent).toContain(pt['documents.name.characters']);
    expect(root.textContent).toContain('Enviar 19 arquivos');
    rename!.value = 'ab.pdf';
    await act(() => void rename?.dispatchEvent(new Event('input')));
    expect(root.textContent).toContain('Enviar 20 arquivos');
  });
});
