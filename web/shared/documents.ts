/**
 * F18, the pure parts of sending documents: sizes and refusals in words, what a file name may
 * not hold, the type a file is declared with, and the form posted straight to S3.
 */
import type { Schemas } from './api/client';
import type { Lang } from './i18n';

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
