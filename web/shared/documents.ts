/**
 * F18, the pure parts of sending documents: sizes and refusals in words, what a file name may
 * not hold, the type a file is declared with, the form posted straight to S3, and the steps of a
 * send (ask for the forms, post each file, follow the checks).
 */
import { ApiError, type Schemas } from './api/client';
import type { Lang, Translate } from './i18n';

export type DocumentView = Schemas['DocumentView'];
export type Refusal = Schemas['Refusal'];
export type UploadForm = Schemas['UploadForm'];

/** The most files one request may send (the API's limit). */
export const MAX_FILES = 20;
/** What the file inputs offer (the API's allow-list; phones name HEIC photos either way). */
export const ACCEPT = 'application/pdf,image/jpeg,image/png,image/heic,image/heif,.docx,.xlsx,.odt,.txt';

const KB = 1024;
const MB = 1024 * 1024;

/** "2,3 MB" in Portuguese, "2.3 MB" in English; bytes and KB below a megabyte. */
export function sizeInWords(bytes: number, lang: Lang): string {
  const number = (value: number, digits: number) => new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(value);
  if (bytes < KB) return `${number(bytes, 0)} B`;
  if (bytes < MB) return `${number(Math.max(1, Math.round(bytes / KB)), 0)} KB`;
  return `${number(Math.round((bytes / MB) * 10) / 10, 1)} MB`;
}

/** The catalogue key of why a document was refused (never the API's English message). */
export const refusalKey = (refusal: Refusal | null | undefined) => `documents.refusal.${refusal ?? 'unreadable'}` as const;

/** "Refused: <why>" in the reader's language, wherever a refused document is shown (a file just sent, a list). */
export const refusedWords = (t: Translate<'documents.state.refused' | ReturnType<typeof refusalKey>>, refusal: Refusal | null | undefined) =>
  t('documents.state.refused', { reason: t(refusalKey(refusal)) });

/** Characters the API refuses in a file name: they could read as a path or break a download's header. */
const NOT_IN_A_NAME = /["/\\<>:*?|]/;
// Line breaks and every other control character.
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why a name must change before sending, or null when it can be sent as it is. */
export function nameProblem(name: string): 'documents.name.empty' | 'documents.name.tooLong' | 'documents.name.characters' | null {
  if (name.trim() === '' || name === '.' || name === '..') return 'documents.name.empty';
  if (name.length > 255) return 'documents.name.tooLong';
  if (NOT_IN_A_NAME.test(name) || CONTROL.test(name)) return 'documents.name.characters';
  return null;
}

const BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  heic: 'image/heic',
  heif: 'image/heif',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  txt: 'text/plain',
};

/**
 * The type a file is declared with, which S3 then holds the upload to exactly: the browser's,
 * or (when it does not know, as with HEIC photos on some browsers) the one its name says.
 */
export function declaredType(file: { name: string; type: string }): string {
  if (file.type) return file.type;
  const extension = file.name.toLowerCase().split('.').pop() ?? '';
  return BY_EXTENSION[extension] ?? 'application/octet-stream';
}

/** The multipart body S3 takes: every field of the form first, in its order, then the file. */
export function formData(form: UploadForm, file: Blob, fileName: string): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(form.fields)) data.append(name, value);
  data.append('file', file, fileName);
  return data;
}

export type UploadOutcome = 'sent' | 'network' | 'refused';

/**
 * Posts one file to S3 (not through the API: no session token, no cookies), reporting the
 * share sent so far from 0 to 100. XMLHttpRequest, since fetch cannot tell upload progress.
 */
export function postToStorage(form: UploadForm, file: Blob, fileName: string, onProgress: (percent: number) => void): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('POST', form.url);
    request.withCredentials = false;
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(Math.min(100, Math.round((event.loaded / event.total) * 100)));
    };
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) {
        onProgress(100);
        resolve('sent');
      } else resolve('refused');
    };
    request.onerror = () => resolve('network');
    request.ontimeout = () => resolve('network');
    request.send(formData(form, file, fileName));
  });
}

/** Documents of `ids` still waiting for the check. */
export const stillChecking = (documents: readonly DocumentView[], ids: ReadonlySet<string>) =>
  documents.some((document) => ids.has(document.id) && document.status === 'awaiting_upload');

export type UploadTicket = Schemas['UploadTicketView'];
export type FileToUpload = Schemas['FileToUpload'];
/** The field of one file the API refused in an upload request. */
export type RefusedField = 'content_type' | 'size' | 'file_name';

/** A 422 on one file of an upload request: which one, and which of its fields was refused. */
export function refusedFile(error: unknown, count: number): { index: number; field: RefusedField } | null {
  if (!(error instanceof ApiError) || error.status !== 422) return null;
  for (const detail of error.details as { path: string }[]) {
    const match = /^(?:body\.)?files\.(\d+)\.(content_type|size|file_name)$/.exec(detail.path);
    const index = Number(match?.[1]);
    if (!match || index >= count) continue;
    return { index, field: match[2] as RefusedField };
  }
  return null;
}

/** One file on its way: the file itself and the name it is sent under (it may have been renamed). */
export interface Outgoing {
  file: File;
  name: string;
}

/** What becomes of each file of a send, as it happens. */
export interface SendEvents<I> {
  /** The API refused this file (its kind, its size or its name): it is left out, the others go. */
  refused: (item: I, field: RefusedField) => void;
  /** Its document exists (awaiting its upload) and the file is on its way to S3. */
  started: (item: I, document: DocumentView) => void;
  progress: (item: I, percent: number) => void;
  /** S3 has it: the worker checks it next. */
  sent: (item: I) => void;
  failed: (item: I, outcome: Exclude<UploadOutcome, 'sent'>) => void;
}

/**
 * Sends files: asks the API for a form per file (`ask`: one of the uploads routes); a file it
 * refuses is reported and left out, and the others are asked for again; then every file goes
 * straight to S3 with its form, all at once. Resolves with the ids of the documents S3 took,
 * now waiting for their check; any other failure of `ask` is thrown.
 */
export async function sendFiles<I extends Outgoing>(
  items: readonly I[],
  ask: (files: FileToUpload[]) => Promise<UploadTicket[]>,
  on: SendEvents<I>,
): Promise<Set<string>> {
  let batch = [...items];
  let tickets: UploadTicket[] = [];
  while (batch.length > 0) {
    try {
      tickets = await ask(batch.map((item) => ({ file_name: item.name, content_type: declaredType(item.file), size: item.file.size })));
      break;
    } catch (caught) {
      const refused = refusedFile(caught, batch.length);
      const item = refused && batch[refused.index];
      if (!refused || !item) throw caught;
      on.refused(item, refused.field);
      batch = batch.filter((_, index) => index !== refused.index);
    }
  }
  const sent = new Set<string>();
  await Promise.all(
    batch.map(async (item, index) => {
      const ticket = tickets[index];
      if (!ticket) return;
      on.started(item, ticket.document);
      const outcome = await postToStorage(ticket.form, item.file, item.name, (percent) => on.progress(item, percent));
      if (outcome === 'sent') {
        sent.add(ticket.document.id);
        on.sent(item);
      } else on.failed(item, outcome);
    }),
  );
  return sent;
}

/** How often, and how many times, a list is read again while the worker checks what was sent. */
export const CHECK_POLL = { delayMs: 1_000, times: 10 };

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Reads a list again (`read`: its first page), a few times, until no document of `ids` waits
 * for its check, telling `seen` each of them as it is then. A failed read is tried again.
 */
export async function followChecks(
  read: () => Promise<readonly DocumentView[]>,
  ids: ReadonlySet<string>,
  seen: (document: DocumentView) => void,
  poll: { delayMs: number; times: number } = CHECK_POLL,
): Promise<void> {
  for (let round = 0; round < poll.times; round++) {
    await sleep(poll.delayMs);
    const documents = await read().catch(() => null);
    if (!documents) continue;
    for (const document of documents) if (ids.has(document.id)) seen(document);
    if (!stillChecking(documents, ids)) return;
  }
}

/** Saves a file from a download link (a one-minute link, asked for at the tap and never kept). */
export function saveFrom(url: string, fileName: string): void {
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}
